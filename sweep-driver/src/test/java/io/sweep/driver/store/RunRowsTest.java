package io.sweep.driver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweep.driver.TestSweeps;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.worker.diagnose.DiagnosticsResult;
import io.sweep.worker.diagnose.TrajectoryPoint;
import io.sweep.worker.run.RunResult;
import io.sweep.worker.spec.RunStatus;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RunRowsTest {
  private final PlannedRun run =
      GridExpander.expand(TestSweeps.settings(TestSweeps.tiny("rows"))).runs().get(3);

  @Test
  void rowHoldsIdentityEveryParameterAndOutcomeInSchemaOrder() {
    DiagnosticsResult d = new DiagnosticsResult(2, 1, 5, 0.375, 1.5, 2.5, 0.75, 4.0, 10.0, 0.0,
        6.0, 0.0, "exact", 0.1, 0.2, false, 0.01);
    TrajectoryPoint p0 = new TrajectoryPoint(0, 1.0, 1.1, 8, 0.0, 3.0, Double.NaN);
    TrajectoryPoint p1 = new TrajectoryPoint(60, 0.25, 0.5, 5, 0.375, 1.5, 4.0);
    RunResult result = new RunResult(run.runId(), RunStatus.OK, null, 0.25, 0.5, 60, 1.5, "cpu", 0.5, d,
        List.of(p0, p1));
    Row row = RunRows.of("rows", run, result,
        new RunRows.Provenance("driver@host", "cpu", null, "v1", Instant.EPOCH));
    assertEquals(Tables.RUNS_SCHEMA.size(), row.size());
    assertEquals("rows", row.getAs(0));
    assertEquals(run.runId(), row.getAs(1));
    var s = Tables.RUNS_SCHEMA;
    // run 3 of lr × batch × seed with seed fastest: lr 0.02, batch 8, seed 1
    assertEquals(0.02, row.getDouble(s.fieldIndex("lr")));
    assertEquals(8, row.getInt(s.fieldIndex("batch_size")));
    assertEquals(1, row.getInt(s.fieldIndex("seed")));
    assertEquals(8, row.getInt(s.fieldIndex("width")));
    assertEquals(60L, row.getLong(s.fieldIndex("steps")));
    assertEquals("relu", row.getString(s.fieldIndex("activation")));
    assertEquals("ok", row.getString(s.fieldIndex("status")));
    assertNull(row.get(s.fieldIndex("error")));
    assertEquals(0.25, row.getDouble(s.fieldIndex("train_loss")));
    assertEquals(0.5, row.getDouble(s.fieldIndex("test_loss")));
    assertEquals(1.5, row.getDouble(s.fieldIndex("wall_seconds")));
    assertEquals(0.5, row.getDouble(s.fieldIndex("diagnostics_seconds")));
    assertEquals("driver@host", row.getString(s.fieldIndex("executor")));
    assertEquals("cpu", row.getString(s.fieldIndex("device")));
    assertEquals("v1", row.getString(s.fieldIndex("engine_version")));
    assertEquals(false, row.getBoolean(s.fieldIndex("interpolated")));
    assertEquals(2, row.getInt(s.fieldIndex("vanished_neurons")));
    assertEquals(1, row.getInt(s.fieldIndex("redundant_neurons")));
    assertEquals(5, row.getInt(s.fieldIndex("independent_neurons")));
    assertEquals(0.375, row.getDouble(s.fieldIndex("collapse_fraction")));
    assertEquals(1.5, row.getDouble(s.fieldIndex("stable_rank")));
    assertEquals(2.5, row.getDouble(s.fieldIndex("effective_rank")));
    assertEquals(0.75, row.getDouble(s.fieldIndex("top_singular_fraction")));
    assertEquals(4.0, row.getDouble(s.fieldIndex("hessian_max_eig")));
    assertEquals(10.0, row.getDouble(s.fieldIndex("hessian_trace")));
    assertEquals(6.0, row.getDouble(s.fieldIndex("hessian_frobenius")));
    assertEquals("exact", row.getString(s.fieldIndex("hessian_method")));
    assertEquals(0.1, row.getDouble(s.fieldIndex("stability_ratio")));
    assertEquals(0.2, row.getDouble(s.fieldIndex("frobenius_bound_ratio")));
    assertEquals(0.01, row.getDouble(s.fieldIndex("ols_distance")));
    assertNull(row.get(s.fieldIndex("gpu_assigned")));

    List<Row> points = RunRows.trajectory("rows", result);
    assertEquals(2, points.size());
    var t = Tables.TRAJECTORIES_SCHEMA;
    assertEquals(60L, points.get(1).getLong(t.fieldIndex("step")));
    assertEquals(run.runId(), points.get(1).getString(t.fieldIndex("run_id")));
    assertEquals(5, points.get(1).getInt(t.fieldIndex("independent_neurons")));
    assertNull(points.get(0).get(t.fieldIndex("hessian_max_eig")));
    assertEquals(4.0, points.get(1).getDouble(t.fieldIndex("hessian_max_eig")));
  }

  @Test
  void nonFiniteLossesOfDivergedRunsAreStoredAsNull() {
    RunResult result =
        new RunResult(run.runId(), RunStatus.DIVERGED, "non-finite at step 3", Double.NaN,
            Double.POSITIVE_INFINITY, 3, 0.1, "cpu", 0, null, List.of());
    Row row = RunRows.of("rows", run, result, new RunRows.Provenance("x", "cpu", null, "v1", Instant.EPOCH));
    assertNull(row.get(Tables.RUNS_SCHEMA.fieldIndex("train_loss")));
    assertNull(row.get(Tables.RUNS_SCHEMA.fieldIndex("test_loss")));
    assertEquals("diverged", row.getString(Tables.RUNS_SCHEMA.fieldIndex("status")));
    assertEquals(3L, row.getLong(Tables.RUNS_SCHEMA.fieldIndex("steps_done")));
  }

  @Test
  void aResultForAnotherRunIsRejected() {
    RunResult other = new RunResult("ffffffffffffffff", RunStatus.OK, null, 0, 0, 1, 0, "cpu", 0, null,
        List.of());
    assertThrows(IllegalArgumentException.class,
        () -> RunRows.of("rows", run, other, new RunRows.Provenance("x", "cpu", null, "v1", Instant.EPOCH)));
  }
}
