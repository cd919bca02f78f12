package io.sweep.driver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweep.driver.TestSweeps;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.worker.run.RunResult;
import io.sweep.worker.run.RunStatus;
import java.time.Instant;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RunRowsTest {
  private final PlannedRun run =
      GridExpander.expand(TestSweeps.settings(TestSweeps.tiny("rows"))).runs().get(3);

  @Test
  void rowHoldsIdentityEveryParameterAndOutcomeInSchemaOrder() {
    RunResult result = new RunResult(run.runId(), RunStatus.OK, null, 0.25, 0.5, 60, 1.5, "cpu");
    Row row = RunRows.of("rows", run, result, "driver@host", "v1", Instant.EPOCH);
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
    assertEquals("driver@host", row.getString(s.fieldIndex("executor")));
    assertEquals("cpu", row.getString(s.fieldIndex("device")));
    assertEquals("v1", row.getString(s.fieldIndex("engine_version")));
  }

  @Test
  void nonFiniteLossesOfDivergedRunsAreStoredAsNull() {
    RunResult result =
        new RunResult(run.runId(), RunStatus.DIVERGED, "non-finite at step 3", Double.NaN,
            Double.POSITIVE_INFINITY, 3, 0.1, "cpu");
    Row row = RunRows.of("rows", run, result, "x", "v1", Instant.EPOCH);
    assertNull(row.get(Tables.RUNS_SCHEMA.fieldIndex("train_loss")));
    assertNull(row.get(Tables.RUNS_SCHEMA.fieldIndex("test_loss")));
    assertEquals("diverged", row.getString(Tables.RUNS_SCHEMA.fieldIndex("status")));
    assertEquals(3L, row.getLong(Tables.RUNS_SCHEMA.fieldIndex("steps_done")));
  }

  @Test
  void aResultForAnotherRunIsRejected() {
    RunResult other = new RunResult("ffffffffffffffff", RunStatus.OK, null, 0, 0, 1, 0, "cpu");
    assertThrows(IllegalArgumentException.class,
        () -> RunRows.of("rows", run, other, "x", "v1", Instant.EPOCH));
  }
}
