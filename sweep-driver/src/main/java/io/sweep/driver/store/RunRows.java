package io.sweep.driver.store;

import io.sweep.driver.config.Parameter;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.worker.diagnose.DiagnosticsResult;
import io.sweep.worker.diagnose.TrajectoryPoint;
import io.sweep.worker.run.RunResult;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Turns a planned run and its result into rows of {@link Tables#RUNS_SCHEMA} and {@link
 * Tables#TRAJECTORIES_SCHEMA}, in column order.
 *
 * <p>Non-finite numbers (NaN, ±Infinity: diverged runs, metrics that do not apply) are stored as
 * null, so that {@code avg()} over a phase cell is not poisoned; {@code status}, {@code error} and
 * {@code steps_done} say what happened.
 */
public final class RunRows {
  private RunRows() {}

  /**
   * Where and how a run was executed, as the Spark layer saw it.
   *
   * @param executor    Spark executor id and host
   * @param device      {@code cpu} or {@code gpu:N}
   * @param gpuAssigned the GPU address Spark assigned to the task, or null
   * @param version     the engine version that produced the row
   * @param at          when the row is committed
   */
  public record Provenance(String executor, String device, String gpuAssigned, String version,
      Instant at) {}

  /** The {@code runs} row of one finished run. */
  public static Row of(String sweep, PlannedRun run, RunResult result, Provenance where) {
    if (!run.runId().equals(result.runId())) {
      throw new IllegalArgumentException(
          "result " + result.runId() + " does not belong to run " + run.runId());
    }
    List<Object> cells = new ArrayList<>(Tables.RUNS_SCHEMA.size());
    cells.add(sweep);
    cells.add(run.runId());
    for (Parameter p : Parameter.values()) {
      cells.add(run.values().get(p));
    }
    cells.add(result.status().label());
    cells.add(result.error());
    cells.add(finiteOrNull(result.trainLoss()));
    cells.add(finiteOrNull(result.testLoss()));
    DiagnosticsResult d = result.diagnostics();
    if (d == null) {
      for (int i = 0; i < 17; i++) { // the diagnostics columns, interpolated … ols_distance
        cells.add(null);
      }
    } else {
      cells.add(d.interpolated());
      cells.add(d.vanishedNeurons());
      cells.add(d.redundantNeurons());
      cells.add(d.independentNeurons());
      cells.add(finiteOrNull(d.collapseFraction()));
      cells.add(finiteOrNull(d.stableRank()));
      cells.add(finiteOrNull(d.effectiveRank()));
      cells.add(finiteOrNull(d.topSingularFraction()));
      cells.add(finiteOrNull(d.hessianMaxEig()));
      cells.add(finiteOrNull(d.hessianTrace()));
      cells.add(finiteOrNull(d.hessianTraceSe()));
      cells.add(finiteOrNull(d.hessianFrobenius()));
      cells.add(finiteOrNull(d.hessianFrobeniusSe()));
      cells.add(d.hessianMethod());
      cells.add(finiteOrNull(d.stabilityRatio()));
      cells.add(finiteOrNull(d.frobeniusBoundRatio()));
      cells.add(finiteOrNull(d.olsDistance()));
    }
    cells.add(result.stepsDone());
    cells.add(result.wallSeconds());
    cells.add(result.diagnosticsSeconds());
    cells.add(where.executor());
    cells.add(where.device());
    cells.add(where.gpuAssigned());
    cells.add(where.version());
    cells.add(Timestamp.from(where.at()));
    if (cells.size() != Tables.RUNS_SCHEMA.size()) {
      throw new IllegalStateException("runs row has " + cells.size() + " cells, schema "
          + Tables.RUNS_SCHEMA.size());
    }
    return RowFactory.create(cells.toArray());
  }

  /** The {@code trajectories} rows of one run, one per logged step. */
  public static List<Row> trajectory(String sweep, RunResult result) {
    List<Row> rows = new ArrayList<>(result.trajectory().size());
    for (TrajectoryPoint p : result.trajectory()) {
      rows.add(RowFactory.create(sweep, result.runId(), p.step(), finiteOrNull(p.trainLoss()),
          finiteOrNull(p.testLoss()), p.independentNeurons(), finiteOrNull(p.collapseFraction()),
          finiteOrNull(p.stableRank()), finiteOrNull(p.hessianMaxEig())));
    }
    return rows;
  }

  static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
