package io.sweep.driver.store;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.sweep.driver.EngineVersion;
import io.sweep.driver.plan.SweepPlan;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Row;

/**
 * Records one invocation of a sweep in the {@code sweeps} table: a row when it starts and one when
 * it ends, so an invocation that crashed shows a start without an end.
 */
public final class SweepLog {
  /** The sweep log's one declaration: a row per event of an invocation ({@link Tables#SWEEP_LOG_SCHEMA}). */
  static final TableDef<Event> TABLE = TableDef.<Event>named(Tables.SWEEP_LOG)
      .required("sweep", StringType, e -> e.log.plan.name())
      .required("invocation", StringType, e -> e.log.invocation)
      .optional("source", StringType, e -> e.log.plan.settings().source())
      .required("config", StringType, e -> e.log.plan.settings().configText())
      .required("planned_runs", LongType, e -> e.log.planned)
      .required("pending_runs", LongType, e -> e.log.pending)
      .required("started_at", TimestampType, e -> Timestamp.from(e.log.started))
      .optional("ended_at", TimestampType, e -> e.ended == null ? null : Timestamp.from(e.ended))
      .required("state", StringType, Event::state)
      .required("engine_version", StringType, e -> EngineVersion.get())
      .build();

  private final Store store;
  private final SweepPlan plan;
  private final long planned;
  private final long pending;
  private final String invocation = UUID.randomUUID().toString();
  private final Instant started = Instant.now();

  /** An invocation not written yet: {@link #start} writes its first row (tests build rows only). */
  SweepLog(Store store, SweepPlan plan, long planned, long pending) {
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

  /** The row of an event of this invocation: its start ({@code ended} null) or its end. */
  Row row(Instant ended, String state) {
    return TABLE.row(new Event(this, ended, state));
  }

  /**
   * One row, written in this JVM ({@link Store#appendDirect}): a Spark job per row cost 80–150 ms
   * at each end of every {@code run}, the end one inside the sweep's wall time.
   */
  private void write(Instant ended, String state) {
    store.appendDirect(TABLE.name(), TABLE.schema(), List.of(row(ended, state)));
  }

  /** What one sweep-log row is made of: the invocation, and when and how it ended (null: started). */
  record Event(SweepLog log, Instant ended, String state) {}
}
