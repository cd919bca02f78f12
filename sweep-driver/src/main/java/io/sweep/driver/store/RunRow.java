package io.sweep.driver.store;

import io.sweep.driver.plan.PlannedRun;
import io.sweep.worker.diagnose.DiagnosticsResult;
import io.sweep.worker.run.RunResult;
import java.util.function.Function;

/**
 * What one row of {@code runs} is made of: the planned run (identity and every parameter), its
 * result and where it ran. {@link RunRows#RUNS} reads each column from it.
 *
 * @param sweep  the sweep's name
 * @param run    the run as planned
 * @param result its result; must belong to {@code run}
 * @param where  where and by which engine it ran
 */
public record RunRow(String sweep, PlannedRun run, RunResult result, RunRows.Provenance where) {

  public RunRow {
    if (!run.runId().equals(result.runId())) {
      throw new IllegalArgumentException(
          "result " + result.runId() + " does not belong to run " + run.runId());
    }
  }

  /** A diagnostic of the result, or null for a run without diagnostics (diverged or failed). */
  public <T> T diagnostic(Function<DiagnosticsResult, T> metric) {
    DiagnosticsResult d = result.diagnostics();
    return d == null ? null : metric.apply(d);
  }
}
