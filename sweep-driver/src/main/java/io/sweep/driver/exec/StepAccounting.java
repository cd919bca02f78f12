package io.sweep.driver.exec;

import java.util.HashMap;
import java.util.Map;

/**
 * The replica-steps a sweep's training tasks (one pack each) have done, for the live view; pure
 * logic, fed by {@link TaskProgress} from Spark's events. A finished task counts its planned
 * replica-steps exactly. A running task counts what it last reported (its accumulator's value in
 * an executor heartbeat, capped at its planned steps: a pack that falls back to the reference
 * trainer reports its steps twice) — or, before its first report, its elapsed time × the rate
 * measured so far (on finished tasks and on reports; at most 95% of the task). Reports are kept
 * per task attempt (Spark's task id) and dropped when the attempt ends, whatever the reason, so a
 * failed attempt's partial steps never add to its retry's, and a heartbeat that arrives after the
 * end is ignored. The total shown never decreases. Thread-safe.
 */
final class StepAccounting {
  /** A running task attempt: its planned replica-steps, start, and last report (-1: none). */
  private record Running(long planned, long launchMs, long reported, long reportedAtMs) {
    Running report(long steps, long atMs) {
      return new Running(planned, launchMs, Math.min(planned, Math.max(reported, steps)), atMs);
    }
  }

  private final Map<Long, Running> running = new HashMap<>();
  private long doneSteps;
  private long measuredSteps;
  private long measuredMillis;
  private long shown;

  /** Task attempt {@code taskId} of {@code planned} replica-steps started at {@code launchMs}. */
  synchronized void started(long taskId, long planned, long launchMs) {
    running.put(taskId, new Running(planned, launchMs, -1, launchMs));
  }

  /** Task attempt {@code taskId} had done {@code steps} replica-steps at {@code atMs}. */
  synchronized void reported(long taskId, long steps, long atMs) {
    running.computeIfPresent(taskId, (id, r) -> r.report(steps, atMs));
  }

  /**
   * Task attempt {@code taskId} ended at {@code finishMs}: with {@code success}, its {@code
   * planned} replica-steps are done; otherwise its partial steps are forgotten (a retry starts
   * again from 0).
   */
  synchronized void ended(long taskId, boolean success, long planned, long finishMs) {
    Running r = running.remove(taskId);
    if (success) {
      doneSteps += planned;
      if (r != null) {
        measuredSteps += planned;
        measuredMillis += Math.max(1, finishMs - r.launchMs());
      }
    }
  }

  /** Replica-steps of runs that will not run here (committed by another invocation). */
  synchronized void skipped(long steps) {
    doneSteps += steps;
  }

  /** Replica-steps done at {@code nowMs}: never less than an earlier answer. */
  synchronized long done(long nowMs) {
    long steps = measuredSteps;
    long millis = measuredMillis;
    for (Running r : running.values()) {
      if (r.reported() >= 0 && r.reportedAtMs() > r.launchMs()) {
        steps += r.reported();
        millis += r.reportedAtMs() - r.launchMs();
      }
    }
    double perMilli = millis > 0 ? (double) steps / millis : 0;
    long total = doneSteps;
    for (Running r : running.values()) {
      total += r.reported() >= 0
          ? r.reported()
          : (long) Math.min(0.95 * r.planned(), perMilli * Math.max(0, nowMs - r.launchMs()));
    }
    shown = Math.max(shown, total);
    return shown;
  }
}
