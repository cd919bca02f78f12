package io.sweep.driver.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.sweep.worker.spec.Init;
import io.sweep.worker.spec.OutputInit;
import io.sweep.worker.spec.Sampling;
import io.sweep.worker.spec.Teacher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rules over several settings at once, checked on the parsed sweep (its axes and base values
 * together), after every single value has passed its own checks. Axes form a cartesian product,
 * so a rule over two settings holds in every run exactly when it holds for every pair of their
 * values; each rule checks that, and names the setting to change and where it is set.
 */
final class CrossFieldRules {
  private CrossFieldRules() {}

  /** Records a problem for every rule the sweep breaks. */
  static void check(ConfigReader r, SweepSettings s) {
    batchWithinSamples(r, s);
    fullBatchWithoutReplacement(r, s);
    balancedInitDrawsTheOutput(r, s);
    schedule(r, s);
    DataSourceParser.check(r, s);
    dataLaws(r, s);
  }

  /**
   * The laws of teacher–student data: a constant input coordinate leaves at least one random one
   * (input-dim ≥ 2); the sparse teacher's support s is in [1, input-dim] in every run; a support
   * given without any sparse teacher is a mistake (no teacher would read it).
   */
  private static void dataLaws(ConfigReader r, SweepSettings s) {
    List<Object> dims = valuesOf(s, Parameter.INPUT_DIM);
    if (dims.isEmpty()) {
      return;
    }
    int minDim = dims.stream().mapToInt(v -> (Integer) v).min().orElseThrow();
    if (valuesOf(s, Parameter.CONSTANT_INPUT).contains(Boolean.TRUE) && minDim < 2) {
      add(r, s, Parameter.CONSTANT_INPUT, "constant-input = true makes the last of the input-dim "
          + "coordinates the constant 1, so input-dim must be >= 2 (it is " + minDim + " in some "
          + "runs); input-dim counts the constant coordinate");
    }
    List<Object> sparsities = valuesOf(s, Parameter.TEACHER_SPARSITY);
    boolean sparse = valuesOf(s, Parameter.TEACHER).contains(Teacher.SPARSE.label());
    if (sparse) {
      int minSparsity = sparsities.stream().mapToInt(v -> (Integer) v).min().orElseThrow();
      int maxSparsity = sparsities.stream().mapToInt(v -> (Integer) v).max().orElseThrow();
      if (minSparsity < 1) {
        add(r, s, Parameter.TEACHER, "teacher = sparse needs teacher-sparsity = s, its support (a "
            + "linear teacher on the first s coordinates), 1 <= s <= input-dim in every run; set "
            + "e.g. teacher-sparsity = " + Math.min(2, minDim));
      } else if (maxSparsity > minDim) {
        add(r, s, Parameter.TEACHER_SPARSITY, "teacher-sparsity " + maxSparsity + " exceeds input-dim "
            + minDim + "; the sparse teacher's support must be <= every input-dim it is combined with");
      }
    } else if (sparsities.stream().anyMatch(v -> (Integer) v != 0)) {
      add(r, s, Parameter.TEACHER_SPARSITY, "teacher-sparsity applies to teacher = sparse only, and "
          + "no run has that teacher (teacher: " + valuesOf(s, Parameter.TEACHER) + "); remove it or "
          + "set teacher = sparse");
    }
  }

  /** Batch size must not exceed the sample count in any run the grid makes. */
  private static void batchWithinSamples(ConfigReader r, SweepSettings s) {
    List<Object> batches = valuesOf(s, Parameter.BATCH_SIZE);
    List<Object> samples = valuesOf(s, Parameter.SAMPLES);
    long bad = 0;
    Object exampleB = null;
    Object exampleN = null;
    for (Object b : batches) {
      for (Object n : samples) {
        if (!Parameter.FULL.equals(b) && (Integer) b > (Integer) n) {
          bad++;
          if (exampleB == null) {
            exampleB = b;
            exampleN = n;
          }
        }
      }
    }
    if (bad == 0) {
      return;
    }
    long others = s.runCount() / ((long) batches.size() * samples.size());
    add(r, s, Parameter.BATCH_SIZE,
        "batch size " + exampleB + " exceeds sample count " + exampleN + " (" + (bad * others)
            + " of " + s.runCount() + " runs); every batch size must be <= every sample count "
            + "it is combined with (or use batch-size = full: B = n of each run)");
  }

  /** {@code full} means every sample once per step: batches drawn with replacement are not that. */
  private static void fullBatchWithoutReplacement(ConfigReader r, SweepSettings s) {
    boolean full = valuesOf(s, Parameter.BATCH_SIZE).contains(Parameter.FULL);
    String where = "batch-size = full";
    Schedule schedule = schedule(s);
    for (int i = 1; i <= schedule.size() && !full; i++) {
      if (phaseValues(s, schedule, i, PhaseKnob.BATCH_SIZE).contains(Parameter.FULL)) {
        full = true;
        where = "phase " + i + " of train.schedule has batch-size = full";
      }
    }
    if (full && valuesOf(s, Parameter.SAMPLING).contains(Sampling.WITH_REPLACEMENT.label())) {
      add(r, s, Parameter.SAMPLING, "sampling " + Sampling.WITH_REPLACEMENT.label()
          + " cannot be combined with full batches (" + where + "): n indices drawn with "
          + "replacement are not full-batch gradient descent; use sampling = "
          + Sampling.WITHOUT_REPLACEMENT.label() + " or an integer batch size");
    }
  }

  /** Balanced init draws the output weights (aⱼ = ±‖wⱼ‖), so they cannot also be fixed. */
  private static void balancedInitDrawsTheOutput(ConfigReader r, SweepSettings s) {
    if (!valuesOf(s, Parameter.INIT).contains(Init.BALANCED.label())) {
      return;
    }
    List<Object> fixed = valuesOf(s, Parameter.OUTPUT_INIT).stream()
        .filter(o -> !o.equals(OutputInit.RANDOM.label())).toList();
    if (!fixed.isEmpty()) {
      add(r, s, Parameter.OUTPUT_INIT, "output-init " + fixed.get(0) + " cannot be combined with init "
          + Init.BALANCED.label() + ", which draws the output weights itself (aⱼ = ±‖wⱼ‖): every "
          + "combination of init and output-init must be valid; use output-init = "
          + OutputInit.RANDOM.label() + " with balanced");
    }
  }

  /**
   * The schedule in every run: phase axes name phases that exist; each phase changes something;
   * phases start at increasing steps, each before the last step; no phase batch size exceeds a
   * sample count it meets.
   */
  private static void schedule(ConfigReader r, SweepSettings s) {
    Schedule schedule = schedule(s);
    boolean axesOk = true;
    for (Axis a : s.axes()) {
      if (a.phase() != null && a.phase().index() > schedule.size()) {
        r.add(new ConfigProblem(a.origin(), GridParser.PATH + "." + a.name(),
            "phase " + a.phase().index() + " is not in " + Parameter.SCHEDULE.path() + ", which has "
                + schedule.size() + (schedule.size() == 1 ? " phase" : " phases")
                + "; declare the phase there (with its at), e.g. schedule = "
                + ScheduleParser.EXAMPLE));
        axesOk = false;
      }
    }
    if (!axesOk) {
      return;
    }
    List<Object> steps = valuesOf(s, Parameter.STEPS);
    List<Object> samples = valuesOf(s, Parameter.SAMPLES);
    long minSteps = steps.stream().mapToLong(v -> ((Number) v).longValue()).min().orElseThrow();
    long minSamples = samples.stream().mapToLong(v -> ((Number) v).longValue()).min().orElseThrow();
    long previousMax = 0;
    for (int i = 1; i <= schedule.size(); i++) {
      final int phase = i;
      boolean changes = false;
      for (PhaseKnob k : PhaseKnob.values()) {
        if (k != PhaseKnob.AT && !phaseValues(s, schedule, phase, k).isEmpty()) {
          changes = true;
        }
      }
      List<Long> ats = phaseValues(s, schedule, phase, PhaseKnob.AT).stream()
          .map(v -> ((Number) v).longValue()).toList();
      long minAt = ats.stream().mapToLong(Long::longValue).min().orElseThrow();
      long maxAt = ats.stream().mapToLong(Long::longValue).max().orElseThrow();
      if (!changes) {
        addPhase(r, s, phase, null, "the phase at " + minAt + " changes nothing: give it at least "
            + "one of lr, batch-size, label-noise, momentum (or vary one with a schedule-" + phase
            + "-KNOB axis)");
      }
      if (phase > 1 && minAt <= previousMax) {
        addPhase(r, s, phase, PhaseKnob.AT, "phases must start at increasing steps: phase " + phase
            + " at " + minAt + " does not come after phase " + (phase - 1) + " at " + previousMax
            + (s.axes().stream().anyMatch(a -> a.phase() != null) ? " (in some runs of the grid)" : ""));
      }
      if (maxAt >= minSteps) {
        addPhase(r, s, phase, PhaseKnob.AT, "the phase at " + maxAt + " starts at or after the last "
            + "step (steps = " + minSteps + "); a phase starts after `at` steps, so at must be < "
            + "every value of steps");
      }
      previousMax = Math.max(previousMax, maxAt);
      long maxBatch = phaseValues(s, schedule, phase, PhaseKnob.BATCH_SIZE).stream()
          .filter(b -> !Parameter.FULL.equals(b)).mapToLong(b -> ((Number) b).longValue())
          .max().orElse(0);
      if (maxBatch > minSamples) {
        addPhase(r, s, phase, PhaseKnob.BATCH_SIZE, "phase " + phase + " batch size " + maxBatch
            + " exceeds sample count " + minSamples + "; every batch size must be <= every sample "
            + "count it is combined with (or use batch-size = full: B = n of each run)");
      }
    }
  }

  /** The sweep's fixed schedule (phase axes not applied). */
  private static Schedule schedule(SweepSettings s) {
    Object text = s.base().get(Parameter.SCHEDULE);
    return text == null ? new Schedule(List.of()) : Schedule.parse((String) text);
  }

  /** The values a knob of phase {@code index} takes: its axis, its fixed value, or none. */
  private static List<Object> phaseValues(SweepSettings s, Schedule schedule, int index, PhaseKnob knob) {
    for (Axis a : s.axes()) {
      if (a.phase() != null && a.phase().index() == index && a.phase().knob() == knob) {
        return a.values();
      }
    }
    Object v = index <= schedule.size() ? schedule.phaseKnobs().get(index - 1).get(knob) : null;
    return v == null ? List.of() : List.of(v);
  }

  /** A problem at a knob of a phase (its axis, or its place in train.schedule; knob null: the phase). */
  private static void addPhase(ConfigReader r, SweepSettings s, int index, PhaseKnob knob, String message) {
    for (Axis a : s.axes()) {
      if (knob != null && a.phase() != null && a.phase().index() == index && a.phase().knob() == knob) {
        r.add(new ConfigProblem(a.origin(), GridParser.PATH + "." + a.name(), message));
        return;
      }
    }
    String path = Parameter.SCHEDULE.path() + "[" + (index - 1) + "]";
    String where = r.originOf(Parameter.SCHEDULE.path());
    if (r.config().hasPath(Parameter.SCHEDULE.path())) {
      ConfigValue list = r.config().getValue(Parameter.SCHEDULE.path());
      if (list instanceof ConfigList l && index <= l.size()) {
        ConfigValue phase = l.get(index - 1);
        ConfigValue v = knob != null && phase instanceof ConfigObject o ? o.get(knob.key()) : null;
        where = Values.describe((v != null ? v : phase).origin());
        if (v != null) {
          path = path + "." + knob.key();
        }
      }
    }
    r.add(new ConfigProblem(where, path, message));
  }

  /** A problem at a parameter: at its axis when it is one, else at its fixed value. */
  private static void add(ConfigReader r, SweepSettings s, Parameter p, String message) {
    Axis axis = s.axis(p);
    String where = axis != null ? axis.origin() : r.originOf(p.path());
    r.add(new ConfigProblem(where, axis != null ? GridParser.PATH + "." + p.key() : p.path(), message));
  }

  /** The values a parameter takes in the sweep: its axis, or its one base value. */
  private static List<Object> valuesOf(SweepSettings s, Parameter p) {
    Axis a = s.axis(p);
    if (a != null) {
      return a.values();
    }
    List<Object> one = new ArrayList<>();
    one.add(s.base().get(p));
    one.removeIf(Objects::isNull);
    return one;
  }
}
