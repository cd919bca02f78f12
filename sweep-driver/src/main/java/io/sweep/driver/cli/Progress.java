package io.sweep.driver.cli;

import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The progress bar of {@code run} on stderr: runs done / total, runs per minute, ETA. */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  static Progress of(String sweep, int total, boolean show) {
    if (!show) {
      return new Progress(null);
    }
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(sweep)
            .setInitialMax(total)
            .setUnit(" runs", 1)
            .showSpeed(new DecimalFormat("0.0"))
            .setSpeedUnit(ChronoUnit.MINUTES)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(500)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .build();
    return new Progress(bar);
  }

  /** Called from Spark's listener thread as runs finish. */
  void advance(int runs) {
    if (bar != null) {
      bar.stepBy(runs);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
