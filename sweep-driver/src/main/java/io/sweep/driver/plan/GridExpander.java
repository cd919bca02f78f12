package io.sweep.driver.plan;

import io.sweep.driver.UserError;
import io.sweep.driver.config.Axis;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.SweepSettings;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.Teacher;
import io.sweep.worker.spec.TrainSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands a sweep's grid into its runs: the cartesian product of the axes in canonical order
 * (first axis slowest, last fastest — the seed axis is last, so the seeds of a cell are adjacent),
 * each run the fixed settings overridden by its axis values.
 */
public final class GridExpander {
  /** The most runs one plan can hold (a Java list's limit). */
  static final long MAX_RUNS = Integer.MAX_VALUE - 8;

  private GridExpander() {}

  /** The plan of every run of the sweep. */
  public static SweepPlan expand(SweepSettings settings) {
    List<Axis> axes = settings.axes();
    long count = settings.runCount();
    if (count > MAX_RUNS) {
      // The user's grid, not a bug: report it without a stack trace.
      throw new UserError(
          "sweep " + settings.name() + " has " + count + " runs, more than can be planned ("
              + MAX_RUNS + "); shrink the grid");
    }
    List<PlannedRun> runs = new ArrayList<>((int) count);
    int[] index = new int[axes.size()];
    Set<String> ids = new HashSet<>();
    for (long r = 0; r < count; r++) {
      Map<Parameter, Object> values = new EnumMap<>(settings.base());
      for (int a = 0; a < axes.size(); a++) {
        values.put(axes.get(a).parameter(), axes.get(a).values().get(index[a]));
      }
      String id = RunIds.of(settings.name(), values);
      if (!ids.add(id)) {
        throw new IllegalStateException("run id collision at " + id + " — a bug in the grid");
      }
      runs.add(new PlannedRun(spec(id, values), values));
      advance(index, axes);
    }
    return new SweepPlan(settings, runs);
  }

  /**
   * One run off the grid, as adaptive refinement adds them: the fixed settings, the single value
   * of any one-valued axis, and {@code given} (which must name every axis with several values).
   * Its id is computed exactly as a grid run's, so the same point always gets the same id.
   *
   * @throws IllegalArgumentException when a multi-valued axis has no value in {@code given}
   */
  public static PlannedRun variant(SweepSettings settings, Map<Parameter, Object> given) {
    Map<Parameter, Object> values = new EnumMap<>(settings.base());
    for (Axis axis : settings.axes()) {
      Object v = given.get(axis.parameter());
      if (v == null && axis.values().size() > 1) {
        throw new IllegalArgumentException("no value for axis " + axis.parameter().column());
      }
      values.put(axis.parameter(), v != null ? v : axis.values().get(0));
    }
    values.putAll(given);
    String id = RunIds.of(settings.name(), values);
    return new PlannedRun(spec(id, values), values);
  }

  /** Odometer increment, last axis fastest. */
  private static void advance(int[] index, List<Axis> axes) {
    for (int a = axes.size() - 1; a >= 0; a--) {
      if (++index[a] < axes.get(a).values().size()) {
        return;
      }
      index[a] = 0;
    }
  }

  /** Builds the worker's spec from resolved values. */
  static RunSpec spec(String runId, Map<Parameter, Object> v) {
    ModelSpec model =
        new ModelSpec(
            (Integer) v.get(Parameter.WIDTH),
            Activation.parse((String) v.get(Parameter.ACTIVATION)),
            (Double) v.get(Parameter.INIT_SCALE),
            (Boolean) v.get(Parameter.BIAS));
    DataSpec data =
        new DataSpec(
            (Integer) v.get(Parameter.INPUT_DIM),
            Teacher.parse((String) v.get(Parameter.TEACHER)),
            (Double) v.get(Parameter.DATA_NOISE),
            (Integer) v.get(Parameter.SAMPLES),
            (Integer) v.get(Parameter.TEST_SAMPLES),
            (Integer) v.get(Parameter.TEACHER_WIDTH));
    TrainSpec train =
        new TrainSpec(
            (Double) v.get(Parameter.LR),
            (Integer) v.get(Parameter.BATCH_SIZE),
            (Double) v.get(Parameter.LABEL_NOISE),
            (Long) v.get(Parameter.STEPS),
            (Integer) v.get(Parameter.LOG_EVERY),
            (Double) v.get(Parameter.DIVERGENCE_FACTOR));
    return new RunSpec(runId, ((Integer) v.get(Parameter.SEED)).longValue(), model, data, train);
  }
}
