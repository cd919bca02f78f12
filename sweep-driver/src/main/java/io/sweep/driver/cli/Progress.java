package io.sweep.driver.cli;

import io.sweep.driver.exec.SweepProgress;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The live view of {@code run} on stderr: a bar of replica-steps (runs × steps, so that a pack of
 * long runs moves while it trains: finished packs count exactly, packs in training by the steps
 * they report with each executor heartbeat, or before their first report by the rate measured so
 * far), its speed and the ETA from the replica-steps measured per second since the first were
 * reported (so Spark's start-up does not count), and the runs done and committed to the store
 * (what {@code bin/sweep status} shows from another terminal). Not on a terminal (a redirected
 * stderr) the bar is redrawn the same way, each state after a carriage return.
 */
final class Progress implements SweepProgress, AutoCloseable {
  private final String sweep;
  private final boolean show;
  private final AtomicInteger runsDone = new AtomicInteger();
  private volatile int committed;
  private volatile int runs;
  private ProgressBar bar;
  private final Rate rate = new Rate();

  private Progress(String sweep, boolean show) {
    this.sweep = sweep;
    this.show = show;
  }

  /** The live view of a sweep; the bar appears when the runner reports what it plans. */
  static Progress of(String sweep, boolean show) {
    return new Progress(sweep, show);
  }

  /** A bar of runs only (refine, whose runs come in rounds): {@link #advance} moves it. */
  static Progress of(String name, int total, boolean show) {
    Progress p = new Progress(name, show);
    if (show) {
      p.bar = new ProgressBarBuilder()
          .setTaskName(name)
          .setInitialMax(total)
          .setUnit(" runs", 1)
          .showSpeed(new DecimalFormat("0.0"))
          .setSpeedUnit(ChronoUnit.MINUTES)
          .setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(500)
          .setConsumer(new ConsoleProgressBarConsumer(System.err))
          .build();
    }
    return p;
  }

  /** Moves a bar of runs ({@link #of(String, int, boolean)}). */
  synchronized void advance(int n) {
    if (bar != null) {
      bar.stepBy(n);
    }
  }

  @Override
  public synchronized void planned(int runs, long replicaSteps) {
    this.runs = runs;
    if (!show) {
      return;
    }
    long unit = replicaSteps >= 10_000_000 ? 1_000_000 : replicaSteps >= 10_000 ? 1_000 : 1;
    String name = unit == 1_000_000 ? "M" : unit == 1_000 ? "k" : "";
    bar = new ProgressBarBuilder()
        .setTaskName(sweep)
        .setInitialMax(replicaSteps)
        .setUnit(" " + name + "steps", unit)
        .showSpeed(new DecimalFormat("0.0"))
        .setSpeedUnit(ChronoUnit.SECONDS)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .setConsumer(new ConsoleProgressBarConsumer(System.err, 160))
        .setEtaFunction(state -> rate.eta(state.getMax()))
        .build();
    message();
  }

  @Override
  public void runsDone(int n) {
    runsDone.addAndGet(n);
    message();
  }

  @Override
  public synchronized void replicaSteps(long done) {
    if (bar != null && done > bar.getCurrent()) {
      rate.measured(done, System.nanoTime());
      bar.stepTo(Math.min(done, bar.getMax()));
    }
  }

  @Override
  public void committed(int n) {
    committed = n;
    message();
  }

  private synchronized void message() {
    if (bar != null) {
      bar.setExtraMessage(String.format(java.util.Locale.ROOT, " runs %d/%d, %d stored",
          runsDone.get(), runs, committed));
    }
  }

  /**
   * The rate of replica-steps from the first measurement (the first steps reported) to the
   * latest, and the ETA it gives.
   */
  static final class Rate {
    private long firstSteps = -1;
    private long firstNanos;
    private long lastSteps;
    private long lastNanos;

    synchronized void measured(long steps, long nanos) {
      if (firstSteps < 0) {
        firstSteps = steps;
        firstNanos = nanos;
      }
      lastSteps = steps;
      lastNanos = nanos;
    }

    /** Time left to {@code total} replica-steps at the measured rate; empty before two measurements. */
    synchronized Optional<Duration> eta(long total) {
      if (firstSteps < 0 || lastSteps <= firstSteps || lastNanos <= firstNanos) {
        return Optional.empty();
      }
      double nanosPerStep = (double) (lastNanos - firstNanos) / (lastSteps - firstSteps);
      return Optional.of(Duration.ofNanos((long) (Math.max(0, total - lastSteps) * nanosPerStep)));
    }
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      if (runs > 0) {
        bar.stepTo(bar.getMax());
      }
      bar.close();
    }
  }
}
