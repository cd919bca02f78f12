package io.sweep.driver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sweep.driver.EngineVersion;
import io.sweep.driver.TestSweeps;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.plan.SweepPlan;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepLogTest {
  private final SweepPlan plan = GridExpander.expand(TestSweeps.settings(TestSweeps.tiny("logged")));
  private final SweepLog log = new SweepLog(null, plan, 10, 7);

  @Test
  void aStartRowHasNoEndAndNamesTheSweepItsConfigAndCounts() {
    Map<String, Object> row = StoredRows.byName(Tables.SWEEP_LOG_SCHEMA, log.row(null, "started"));
    assertEquals("logged", row.get("sweep"));
    assertEquals(plan.settings().configText(), row.get("config"));
    assertEquals(plan.settings().source(), row.get("source"));
    assertEquals(10L, row.get("planned_runs"));
    assertEquals(7L, row.get("pending_runs"));
    assertNull(row.get("ended_at"));
    assertEquals("started", row.get("state"));
    assertEquals(EngineVersion.get(), row.get("engine_version"));
  }

  @Test
  void anEndRowBelongsToTheSameInvocationAndStart() {
    Map<String, Object> start = StoredRows.byName(Tables.SWEEP_LOG_SCHEMA, log.row(null, "started"));
    Map<String, Object> end = StoredRows.byName(Tables.SWEEP_LOG_SCHEMA, log.row(Instant.EPOCH, "finished"));
    assertEquals(start.get("invocation"), end.get("invocation"));
    assertEquals(start.get("started_at"), end.get("started_at"));
    assertEquals(Timestamp.from(Instant.EPOCH), end.get("ended_at"));
    assertEquals("finished", end.get("state"));
    assertEquals(36, ((String) end.get("invocation")).length(), "a UUID");
  }
}
