package io.sweep.driver.refine;

import java.util.List;

/** Where refinement gets its observations and runs its new points (the evaluator seam). */
public interface RefineBackend {
  /**
   * One observation per run.
   *
   * @param cell  the values of the other varied axes (a key: equal lists are one cell)
   * @param at    the value on the refined axis
   * @param seed  the run's seed
   * @param value the metric (1/0 for a boolean metric), or null when the run has none (diverged, failed)
   */
  record Observation(List<Object> cell, double at, int seed, Double value) {}

  /** A run to add: a cell, a value on the refined axis and a seed. */
  record Proposal(List<Object> cell, double at, int seed) {}

  /** Every run of the sweep so far. */
  List<Observation> observe();

  /** Runs the proposals (to completion, stored) before returning. */
  void run(List<Proposal> proposals);
}
