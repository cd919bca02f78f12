package io.sweep.driver.cli;

import io.sweep.driver.exec.SweepProgress;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The live view of {@code run} on stderr: a bar of replica-steps (runs × steps, so that a pack of
 * long runs moves while it trains: finished packs count exactly, packs in training by the rate
 * measured so far), its speed and the ETA from that measured rate, and the runs done and
 * committed to the store (what {@code bin/sweep status} shows from another terminal).
 */
final class Progress implements SweepProgress, AutoCloseable {
  private final String sweep;
  private final boolean show;
  private final AtomicInteger runsDone = new AtomicInteger();
  private volatile int committed;
  private volatile int runs;
  private ProgressBar bar;

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
