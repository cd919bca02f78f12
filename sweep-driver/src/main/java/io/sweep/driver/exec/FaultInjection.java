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
 */
public final class FaultInjection {
  /** Local property: fail the first attempt of every task. */
  public static final String FAIL_FIRST_ATTEMPT = "sweep.fault.fail-first-attempt";
  /** Local property: fail every attempt of these runs. */
  public static final String FAIL_RUNS = "sweep.fault.fail-runs";

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
    String runs = task.getLocalProperty(FAIL_RUNS);
    if (runs != null && Arrays.asList(runs.split(",")).contains(runId)) {
      throw new IllegalStateException("injected failure of run " + runId
          + " (attempt " + task.attemptNumber() + ")");
    }
  }
}
