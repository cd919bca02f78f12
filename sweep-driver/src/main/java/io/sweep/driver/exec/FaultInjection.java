package io.sweep.driver.exec;

import java.util.Arrays;
import org.apache.spark.TaskContext;

/**
 * Deliberate task failures, for testing what the engine does when the infrastructure fails (a
 * lost executor, an out-of-memory error). Off unless the driver sets one of these Spark local
 * properties on the submitting thread ({@code sparkContext.setLocalProperty}); nothing in the
 * configuration turns them on.
 *
 * <ul>
 *   <li>{@value #FAIL_FIRST_ATTEMPT} = {@code true}: the first attempt of every task fails (Spark
 *       retries it when {@code spark.task.maxFailures} &gt; 1);
 *   <li>{@value #FAIL_RUNS} = comma-separated run ids: every attempt of those runs fails.
 * </ul>
 *
 * <p>And one Spark setting, for processes a test cannot reach into (a {@code bin/sweep} on a
 * cluster): {@value #SLOW_FIRST_ATTEMPT} = comma-separated run ids whose first attempt sleeps
 * {@value #SLOW_SECONDS} seconds (default 60) before training — a straggler for speculative
 * execution to overtake.
 */
public final class FaultInjection {
  /** Local property: fail the first attempt of every task. */
  public static final String FAIL_FIRST_ATTEMPT = "sweep.fault.fail-first-attempt";
  /** Local property: fail every attempt of these runs. */
  public static final String FAIL_RUNS = "sweep.fault.fail-runs";

  /** Spark setting: run ids whose first attempt is a straggler. */
  public static final String SLOW_FIRST_ATTEMPT = "spark.sweep.fault.slow-first-attempt";
  /** Spark setting: how long a straggler sleeps, in seconds. */
  public static final String SLOW_SECONDS = "spark.sweep.fault.slow-seconds";

  private FaultInjection() {}

  /** Throws when the current task was asked to fail. */
  static void maybeFail(String runId) {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return;
    }
    if ("true".equals(task.getLocalProperty(FAIL_FIRST_ATTEMPT)) && task.attemptNumber() == 0) {
      throw new IllegalStateException("injected failure of the first attempt of run " + runId);
    }
    org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
    String slow = env == null ? "" : env.conf().get(SLOW_FIRST_ATTEMPT, "");
    if (task.attemptNumber() == 0 && Arrays.asList(slow.split(",")).contains(runId)) {
      try {
        Thread.sleep(1000L * Long.parseLong(env.conf().get(SLOW_SECONDS, "60")));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // killed: the speculative copy won
        throw new IllegalStateException("straggler attempt of run " + runId + " killed", e);
      }
    }
    String runs = task.getLocalProperty(FAIL_RUNS);
    if (runs != null && Arrays.asList(runs.split(",")).contains(runId)) {
      throw new IllegalStateException("injected failure of run " + runId
          + " (attempt " + task.attemptNumber() + ")");
    }
  }
}
