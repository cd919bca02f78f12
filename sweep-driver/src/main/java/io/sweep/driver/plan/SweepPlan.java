package io.sweep.driver.plan;

import io.sweep.driver.config.SweepSettings;
import java.util.List;
import java.util.Set;

/**
 * A sweep described as data before anything runs: the settings and every run of the grid, in
 * deterministic order. Computed by {@link GridExpander}, whose runs are {@link PlannedRuns} built
 * on demand (the plan of a large grid holds its axes, not its runs); executed by the Spark layer.
 */
public record SweepPlan(SweepSettings settings, List<PlannedRun> runs) {

  public SweepPlan {
    runs = runs instanceof PlannedRuns ? runs : List.copyOf(runs);
  }

  public String name() {
    return settings.name();
  }

  /**
   * The runs whose ids are not in {@code done}: what a resumed sweep still has to run, in plan
   * order. One pass over the plan; the result holds an index per pending run (none when nothing is
   * done), not the runs.
   */
  public List<PlannedRun> pending(Set<String> done) {
    if (done.isEmpty()) {
      return runs;
    }
    int[] left = new int[runs.size()];
    int n = 0;
    for (int i = 0; i < runs.size(); i++) {
      if (!done.contains(runs.get(i).runId())) {
        left[n++] = i;
      }
    }
    return n == runs.size() ? runs : PlannedRuns.select(runs, java.util.Arrays.copyOf(left, n));
  }
}
