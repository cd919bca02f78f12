package io.sweep.driver.store;

import io.sweep.driver.EngineVersion;
import io.sweep.driver.plan.SweepPlan;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.RowFactory;

/**
 * Records one invocation of a sweep in the {@code sweeps} table: a row when it starts and one when
 * it ends, so an invocation that crashed shows a start without an end.
 */
public final class SweepLog {
  private final Store store;
  private final SweepPlan plan;
  private final long planned;
  private final long pending;
  private final String invocation = UUID.randomUUID().toString();
  private final Instant started = Instant.now();

  private SweepLog(Store store, SweepPlan plan, long planned, long pending) {
    this.store = store;
    this.plan = plan;
    this.planned = planned;
    this.pending = pending;
  }

  /** Writes the start row. */
  public static SweepLog start(Store store, SweepPlan plan, long pending) {
    return start(store, plan, plan.runs().size(), pending);
  }

  /**
   * Writes the start row of an invocation whose sweep now plans {@code planned} runs in all (a
   * refinement adds runs to the grid's).
   */
  public static SweepLog start(Store store, SweepPlan plan, long planned, long pending) {
    SweepLog log = new SweepLog(store, plan, planned, pending);
    log.write(null, "started");
    return log;
  }

  /** Writes the end row; {@code state} is {@code finished} or {@code failed}. */
  public void end(String state) {
    write(Instant.now(), state);
  }

  private void write(Instant ended, String state) {
    store.append(
        Tables.SWEEP_LOG,
        Tables.SWEEP_LOG_SCHEMA,
        List.of(
            RowFactory.create(
                plan.name(),
                invocation,
                plan.settings().source(),
                plan.settings().configText(),
                planned,
                pending,
                Timestamp.from(started),
                ended == null ? null : Timestamp.from(ended),
                state,
                EngineVersion.get())));
  }
}
