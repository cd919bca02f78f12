package io.sweep.driver.plan;

import io.sweep.driver.UserError;
import io.sweep.driver.config.Axis;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.Schedule;
import io.sweep.driver.config.SweepSettings;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.DataLaws;
import io.sweep.worker.spec.DataSource;
import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.Init;
import io.sweep.worker.spec.InputLaw;
import io.sweep.worker.spec.LabelLaw;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.OutputInit;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.Sampling;
import io.sweep.worker.spec.Teacher;
import io.sweep.worker.spec.TrainSpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a sweep's grid into its runs: the cartesian product of the axes in canonical order
 * (first axis slowest, last fastest — the seed axis is last, so the seeds of a cell are adjacent),
 * each run the fixed settings overridden by its axis values.
 */
public final class GridExpander {
  /** The most runs one plan can hold (a Java list's limit). */
  static final long MAX_RUNS = Integer.MAX_VALUE - 8;

  private GridExpander() {}

  /**
   * The plan of every run of the sweep. Its runs are built on demand ({@link PlannedRuns}): run
   * {@code i} is the grid point whose axis indices are the digits of {@code i} in the mixed radix
   * of the axes' sizes (last axis fastest), so the plan holds the settings and nothing per run.
   * Ids are distinct because the points are: an axis's values are distinct (GridParser) and every
   * value enters the id ({@code StreamedPlanTest} holds it on every shipped sweep).
   */
  public static SweepPlan expand(SweepSettings settings) {
    long count = settings.runCount();
    if (count > MAX_RUNS) {
      // The user's grid, not a bug: report it without a stack trace.
      throw new UserError(
          "sweep " + settings.name() + " has " + count + " runs, more than can be planned ("
              + MAX_RUNS + "); shrink the grid");
    }
    List<Axis> axes = List.copyOf(settings.axes());
    return new SweepPlan(settings, PlannedRuns.of((int) count, r -> run(settings, axes, r)));
  }

  /** Run {@code r} of the grid: the fixed settings overridden by its point's axis values. */
  static PlannedRun run(SweepSettings settings, List<Axis> axes, int r) {
    Map<Parameter, Object> values = new EnumMap<>(settings.base());
    Schedule schedule = null;
    int rest = r;
    // Digits from the last (fastest) axis; phase axes apply in canonical order, so collect first.
    Object[] point = new Object[axes.size()];
    for (int a = axes.size() - 1; a >= 0; a--) {
      List<Object> axisValues = axes.get(a).values();
      point[a] = axisValues.get(rest % axisValues.size());
      rest /= axisValues.size();
    }
    for (int a = 0; a < axes.size(); a++) {
      Axis axis = axes.get(a);
      if (axis.phase() == null) {
        values.put(axis.parameter(), point[a]);
      } else {
        schedule = withPhase(schedule, values, axis, point[a]);
      }
    }
    resolve(values, schedule, false);
    String id = RunIds.of(settings.name(), values);
    return new PlannedRun(spec(id, values), values);
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
    Schedule schedule = null;
    for (Axis axis : settings.axes()) {
      Object v = given.get(axis.parameter());
      if (v == null && axis.values().size() > 1) {
        throw new IllegalArgumentException("no value for axis " + axis.parameter().column());
      }
      if (axis.phase() == null) {
        values.put(axis.parameter(), v != null ? v : axis.values().get(0));
      } else if (v == null) {
        schedule = withPhase(schedule, values, axis, axis.values().get(0));
      }
    }
    if (schedule != null) {
      values.put(Parameter.SCHEDULE, schedule.canonical());
    }
    values.putAll(given);
    // A stored run of batch-size = full is given as its resolved n and full_batch = true.
    resolve(values, null, Boolean.TRUE.equals(given.get(Parameter.FULL_BATCH)));
    String id = RunIds.of(settings.name(), values);
    return new PlannedRun(spec(id, values), values);
  }

  /** The run's schedule so far (its fixed one at first) with a phase axis's value applied. */
  private static Schedule withPhase(
      Schedule schedule, Map<Parameter, Object> values, Axis axis, Object value) {
    Schedule s = schedule != null ? schedule : Schedule.parse((String) values.get(Parameter.SCHEDULE));
    return s.with(axis.phase().index(), axis.phase().knob(), value);
  }

  /**
   * Completes a run's values: the schedule with its phase axes applied, and {@code batch-size =
   * full} resolved to the run's sample count with {@link Parameter#FULL_BATCH} true (false for an
   * integer batch size). The values are then what the row records and the id hashes: {@code
   * batch-size} the n the run trains with, {@code full-batch} whether it was asked for as full.
   *
   * @param full whether the run is full-batch even though its batch size is already an integer
   */
  private static void resolve(Map<Parameter, Object> values, Schedule schedule, boolean full) {
    if (schedule != null) {
      values.put(Parameter.SCHEDULE, schedule.canonical());
    }
    boolean isFull = full || Parameter.FULL.equals(values.get(Parameter.BATCH_SIZE));
    values.put(Parameter.FULL_BATCH, isFull);
    if (isFull) {
      values.put(Parameter.BATCH_SIZE, values.get(Parameter.SAMPLES));
    }
  }

  /**
   * The data source of resolved values: teacher–student, or the Parquet data set at {@code
   * data.path} with its content hash (empty until the driver has read the data: such a spec can
   * be planned, not trained).
   */
  private static DataSource source(Map<Parameter, Object> v) {
    if (DataSource.PARQUET.equals(v.get(Parameter.DATA_TYPE))) {
      return DataSource.parquet((String) v.get(Parameter.DATA_PATH), (String) v.get(Parameter.DATA_HASH));
    }
    return DataSource.TEACHER_STUDENT;
  }

  /** Builds the worker's spec from resolved values. */
  static RunSpec spec(String runId, Map<Parameter, Object> v) {
    ModelSpec model =
        new ModelSpec(
            (Integer) v.get(Parameter.WIDTH),
            Activation.parse((String) v.get(Parameter.ACTIVATION)),
            (Double) v.get(Parameter.INIT_SCALE),
            (Boolean) v.get(Parameter.BIAS),
            (Integer) v.get(Parameter.DEPTH),
            Init.parse((String) v.get(Parameter.INIT)),
            OutputInit.parse((String) v.get(Parameter.OUTPUT_INIT)),
            (Boolean) v.get(Parameter.TRAIN_OUTPUT),
            (Integer) v.get(Parameter.OUTPUT_DIM));
    DataSpec data =
        new DataSpec(
            (Integer) v.get(Parameter.INPUT_DIM),
            Teacher.parse((String) v.get(Parameter.TEACHER)),
            (Double) v.get(Parameter.DATA_NOISE),
            (Integer) v.get(Parameter.SAMPLES),
            (Integer) v.get(Parameter.TEST_SAMPLES),
            (Integer) v.get(Parameter.TEACHER_WIDTH),
            (Integer) v.get(Parameter.OUTPUT_DIM),
            source(v),
            new DataLaws(
                InputLaw.parse((String) v.get(Parameter.INPUTS)),
                (Double) v.get(Parameter.INPUT_SHIFT),
                (Boolean) v.get(Parameter.CONSTANT_INPUT),
                (Integer) v.get(Parameter.TEACHER_SPARSITY),
                Activation.parse((String) v.get(Parameter.TEACHER_ACTIVATION)),
                (Double) v.get(Parameter.TEACHER_OFFSET),
                LabelLaw.parse((String) v.get(Parameter.LABELS)),
                (Double) v.get(Parameter.LABEL_SCALE)));
    TrainSpec train =
        new TrainSpec(
            (Double) v.get(Parameter.LR),
            (Integer) v.get(Parameter.BATCH_SIZE),
            (Double) v.get(Parameter.LABEL_NOISE),
            (Long) v.get(Parameter.STEPS),
            (Integer) v.get(Parameter.LOG_EVERY),
            (Double) v.get(Parameter.DIVERGENCE_FACTOR),
            (Double) v.get(Parameter.MOMENTUM),
            (Double) v.get(Parameter.WEIGHT_DECAY),
            Sampling.parse((String) v.get(Parameter.SAMPLING)),
            Schedule.parse((String) v.get(Parameter.SCHEDULE))
                .phases((Integer) v.get(Parameter.SAMPLES)));
    return new RunSpec(runId, ((Integer) v.get(Parameter.SEED)).longValue(), model, data, train);
  }
}
