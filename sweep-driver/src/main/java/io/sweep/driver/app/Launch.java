package io.sweep.driver.app;

import io.sweep.driver.plan.PlannedRun;
import io.sweep.driver.plan.PlannedRuns;
import io.sweep.driver.plan.SweepPlan;
import java.util.List;

/**
 * A sweep ready to run against a store: its plan, the runs not stored yet, and whether it runs as
 * a new version because the file changed a stored sweep.
 *
 * @param plan      every planned run (under the new version's name when {@code changes} is set)
 * @param pending   the planned runs not in the store, in plan order
 * @param stored    planned runs already in the store (resume skips them)
 * @param changes   the settings that differ from the stored sweep of the file's name when it runs
 *                  as a new version; empty otherwise
 */
public record Launch(SweepPlan plan, List<PlannedRun> pending, int stored, List<String> changes) {

  public Launch {
    // Runs built on demand stay so: copying them would expand the whole plan.
    pending = pending instanceof PlannedRuns ? pending : List.copyOf(pending);
    changes = List.copyOf(changes);
  }

  /** Whether the file runs as a new version of a changed sweep. */
  public boolean newVersion() {
    return !changes.isEmpty();
  }
}
