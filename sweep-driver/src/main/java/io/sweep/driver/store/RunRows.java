package io.sweep.driver.store;

import io.sweep.driver.config.Parameter;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.worker.run.RunResult;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Turns a planned run and its result into a row of {@link Tables#RUNS_SCHEMA}, in column order. */
public final class RunRows {
  private RunRows() {}

  /**
   * The row of one finished run.
   *
   * @param executor where it ran (Spark executor id and host)
   * @param version  the engine version that produced it
   */
  public static Row of(
      String sweep, PlannedRun run, RunResult result, String executor, String version, Instant at) {
    if (!run.runId().equals(result.runId())) {
      throw new IllegalArgumentException(
          "result " + result.runId() + " does not belong to run " + run.runId());
    }
    Object[] cells = new Object[Tables.RUNS_SCHEMA.size()];
    int i = 0;
    cells[i++] = sweep;
    cells[i++] = run.runId();
    for (Parameter p : Parameter.values()) {
      cells[i++] = run.values().get(p);
    }
    cells[i++] = result.status().label();
    cells[i++] = result.error();
    cells[i++] = finiteOrNull(result.trainLoss());
    cells[i++] = finiteOrNull(result.testLoss());
    cells[i++] = result.stepsDone();
    cells[i++] = result.wallSeconds();
    cells[i++] = executor;
    cells[i++] = result.device();
    cells[i++] = version;
    cells[i++] = Timestamp.from(at);
    return RowFactory.create(cells);
  }

  /**
   * Losses of diverged runs are stored as null, not NaN or Infinity, so that {@code avg()} over a
   * phase cell is not poisoned; {@code status}, {@code error} and {@code steps_done} say what
   * happened.
   */
  static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
