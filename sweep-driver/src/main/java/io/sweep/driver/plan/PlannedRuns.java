package io.sweep.driver.plan;

import java.util.AbstractList;
import java.util.RandomAccess;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * The runs of a plan as a list that builds each run when asked and keeps none: a grid of 10⁵ runs
 * costs the driver its axes, not 10⁵ specs (≈ 2 KiB each). Every {@link #get} builds the run
 * again, the same every time (run ids are a function of the values), so callers that need a run
 * twice keep it themselves, and a pass over the list costs one expansion of the grid.
 *
 * <p>Immutable: the list rejects changes; {@link SweepPlan} and {@code Launch} keep such a list as
 * it is instead of copying it.
 */
public abstract class PlannedRuns extends AbstractList<PlannedRun> implements RandomAccess {

  /** The runs {@code run.apply(0)} to {@code run.apply(size - 1)}, built on demand. */
  public static PlannedRuns of(int size, IntFunction<PlannedRun> run) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    return new PlannedRuns() {
      @Override
      public PlannedRun get(int index) {
        return run.apply(java.util.Objects.checkIndex(index, size));
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /** The runs of {@code runs} at {@code indices} (ascending: plan order is kept), 4 bytes each. */
  public static PlannedRuns select(java.util.List<PlannedRun> runs, int[] indices) {
    int[] at = indices.clone();
    return of(at.length, i -> runs.get(at[i]));
  }

  /** Each run of {@code runs} passed through {@code f} when it is built. */
  public static PlannedRuns map(java.util.List<PlannedRun> runs, UnaryOperator<PlannedRun> f) {
    return of(runs.size(), i -> f.apply(runs.get(i)));
  }
}
