package io.sweep.driver.plan;

import io.sweep.driver.config.SweepSettings;
import java.util.List;

/**
 * A sweep described as data before anything runs: the settings and every run of the grid, in
 * deterministic order. Computed by {@link GridExpander}; executed by the Spark layer.
 */
public record SweepPlan(SweepSettings settings, List<PlannedRun> runs) {

  public SweepPlan {
    runs = List.copyOf(runs);
  }

  public String name() {
    return settings.name();
  }

  /** The runs whose ids are not in {@code done}: what a resumed sweep still has to run. */
  public List<PlannedRun> pending(java.util.Set<String> done) {
    return runs.stream().filter(r -> !done.contains(r.runId())).toList();
  }
}
