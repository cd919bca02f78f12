package io.sweep.driver.config;

import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.DataSource;
import io.sweep.worker.spec.Init;
import io.sweep.worker.spec.InputLaw;
import io.sweep.worker.spec.LabelLaw;
import io.sweep.worker.spec.OutputInit;
import io.sweep.worker.spec.Sampling;
import io.sweep.worker.spec.Teacher;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting a run depends on: where it lives in the sweep file, its type, what values are
 * allowed and its column in the {@code runs} table. The one registry that config validation, grid
 * expansion, run ids and the table schema all read.
 *
 * <p>The declaration order is the canonical order: axes are expanded in this order (the last,
 * {@link #SEED}, varies fastest, so the seeds of one cell are adjacent) and run ids hash values
 * in this order.
 *
 * <p>Parameters added after release 0.1.0 have a {@link #neutral()} value; their columns come
 * after those of 0.1.0 in the {@code runs} table (columns are only ever added at the end).
 */
public enum Parameter {
  LR("train", "lr", Type.DOUBLE, Range.POSITIVE),
  BATCH_SIZE("train", "batch-size", Type.INT, Range.AT_LEAST_ONE),
  LABEL_NOISE("train", "label-noise", Type.DOUBLE, Range.NON_NEGATIVE),
  SAMPLES("data", "samples", Type.INT, Range.AT_LEAST_ONE),
  WIDTH("model", "width", Type.INT, Range.AT_LEAST_ONE),
  ACTIVATION("model", "activation", Type.STRING, Range.ANY),
  INIT_SCALE("model", "init-scale", Type.DOUBLE, Range.POSITIVE),
  BIAS("model", "bias", Type.BOOLEAN, Range.ANY),
  DEPTH("model", "depth", Type.INT, Range.AT_LEAST_ONE, 1),
  INIT("model", "init", Type.STRING, Range.ANY, "lecun"),
  OUTPUT_INIT("model", "output-init", Type.STRING, Range.ANY, "random"),
  TRAIN_OUTPUT("model", "train-output", Type.BOOLEAN, Range.ANY, true),
  INPUT_DIM("data", "input-dim", Type.INT, Range.AT_LEAST_ONE),
  TEACHER("data", "teacher", Type.STRING, Range.ANY),
  TEACHER_WIDTH("data", "teacher-width", Type.INT, Range.AT_LEAST_ONE),
  DATA_NOISE("data", "data-noise", Type.DOUBLE, Range.NON_NEGATIVE),
  TEST_SAMPLES("data", "test-samples", Type.INT, Range.AT_LEAST_ONE),
  DATA_TYPE("data", "type", Type.STRING, Range.ANY, "data_type", false),
  STEPS("train", "steps", Type.LONG, Range.AT_LEAST_ONE),
  LOG_EVERY("train", "log-every", Type.INT, Range.AT_LEAST_ONE),
  DIVERGENCE_FACTOR("train", "divergence-factor", Type.DOUBLE, Range.ABOVE_ONE),
  MOMENTUM("train", "momentum", Type.DOUBLE, Range.UNIT_INTERVAL, 0.0),
  WEIGHT_DECAY("train", "weight-decay", Type.DOUBLE, Range.NON_NEGATIVE, 0.0),
  SAMPLING("train", "sampling", Type.STRING, Range.ANY, "without-replacement"),
  /**
   * Derived, not a key: whether the run's batch size was given as {@code full} (B = n of the
   * run, resolved per run from its sample count; {@link #BATCH_SIZE} then holds that n).
   */
  FULL_BATCH("train", "full-batch", Type.BOOLEAN, Range.ANY, "full_batch", false, false, true),
  /**
   * The phases of {@code train.schedule} as canonical JSON text ({@link Schedule}); {@code []}
   * for none. Not an axis itself: its phases' knobs are, as {@code schedule-N-KNOB} axes.
   */
  SCHEDULE("train", "schedule", Type.STRING, Range.ANY, "schedule", false, Schedule.NONE, false),
  /** Outputs k of the network, the label width of the data (an axis; 1 as before). */
  OUTPUT_DIM("model", "output-dim", Type.INT, Range.AT_LEAST_ONE, 1),
  /**
   * The path or URI of a Parquet data set ({@code data.type = parquet}); empty for teacher–student
   * data. Not an axis. The other keys of a Parquet data set ({@link DataSourceParser}) are not
   * parameters: their effect is in {@link #DATA_HASH}.
   */
  DATA_PATH("data", "path", Type.STRING, Range.ANY, "data_path", false, "", false),
  /**
   * Derived, not a key: the content hash of the prepared Parquet data set (SHA-256 hex of what the
   * runs see, {@code ProvidedDataSet.contentHash}), set when the driver reads the data; empty for
   * teacher–student data. Part of the run id, so runs of other data are other runs.
   */
  DATA_HASH("data", "hash", Type.STRING, Range.ANY, "data_hash", false, "", true),
  /** The law of teacher–student inputs ({@code InputLaw}): gaussian, sphere, uniform01, uniform-pm1. */
  INPUTS("data", "inputs", Type.STRING, Range.ANY, "gaussian"),
  /** Added to every random input coordinate (non-centred inputs). */
  INPUT_SHIFT("data", "input-shift", Type.DOUBLE, Range.ANY, 0.0),
  /** Whether the last input coordinate is the constant 1 (a bias through the input). */
  CONSTANT_INPUT("data", "constant-input", Type.BOOLEAN, Range.ANY, false),
  /** s, the support of {@code teacher = sparse} (its first s coordinates); 0 = unset. */
  TEACHER_SPARSITY("data", "teacher-sparsity", Type.INT, Range.NON_NEGATIVE, 0),
  /** The activation of the two-layer teacher. */
  TEACHER_ACTIVATION("data", "teacher-activation", Type.STRING, Range.ANY, "relu"),
  /** A constant added to the teacher's output. */
  TEACHER_OFFSET("data", "teacher-offset", Type.DOUBLE, Range.ANY, 0.0),
  /** The label law ({@code LabelLaw}): teacher, or uniform or gaussian (no teacher). */
  LABELS("data", "labels", Type.STRING, Range.ANY, "teacher"),
  /** Multiplies the labels' signal: c·(f* + offset), or c·U(−1, 1). */
  LABEL_SCALE("data", "label-scale", Type.DOUBLE, Range.POSITIVE, 1.0),
  // A warm start (README "Weights and warm starts"): the run id whose stored weights a run starts
  // from ("" = a random initialisation), and ε of the ε·N(0, 1) added to them. Columns at the end
  // of runs (RunRows), after every metric.
  INIT_FROM("model", "init-from", Type.STRING, Range.ANY, ""),
  INIT_PERTURB("model", "init-perturb", Type.DOUBLE, Range.NON_NEGATIVE, 0.0),
  SEED("train", "seed", Type.INT, Range.ANY);

  /** Java type of a parameter's values. */
  public enum Type {
    INT,
    LONG,
    DOUBLE,
    BOOLEAN,
    STRING;

    /** Whether a {@code {from, to, count}} range makes sense for this type. */
    public boolean numeric() {
      return this == INT || this == LONG || this == DOUBLE;
    }

    /** The name used in error messages. */
    public String describe() {
      return switch (this) {
        case INT, LONG -> "an integer";
        case DOUBLE -> "a number";
        case BOOLEAN -> "true or false";
        case STRING -> "a string";
      };
    }
  }

  /** Allowed numeric ranges, with the words used in error messages. */
  enum Range {
    ANY(""),
    POSITIVE("> 0"),
    NON_NEGATIVE(">= 0"),
    AT_LEAST_ONE(">= 1"),
    ABOVE_ONE("> 1"),
    UNIT_INTERVAL("in [0, 1)");

    final String words;

    Range(String words) {
      this.words = words;
    }

    boolean admits(double v) {
      return switch (this) {
        case ANY -> true;
        case POSITIVE -> v > 0;
        case NON_NEGATIVE -> v >= 0;
        case AT_LEAST_ONE -> v >= 1;
        case ABOVE_ONE -> v > 1;
        case UNIT_INTERVAL -> v >= 0 && v < 1;
      };
    }
  }

  private final String section;
  private final String key;
  private final Type type;
  private final Range range;
  private final String column;
  private final boolean axisAllowed;
  private final Object neutral;
  private final boolean derived;

  /** The value of {@code train.batch-size} (and of a phase's batch size) meaning B = n. */
  public static final String FULL = "full";

  /** A parameter of release 0.1.0. */
  Parameter(String section, String key, Type type, Range range) {
    this(section, key, type, range, key.replace('-', '_'), true, null, false);
  }

  /** A parameter added later, an axis, with its neutral value. */
  Parameter(String section, String key, Type type, Range range, Object neutral) {
    this(section, key, type, range, key.replace('-', '_'), true, neutral, false);
  }

  Parameter(
      String section, String key, Type type, Range range, String column, boolean axisAllowed) {
    this(section, key, type, range, column, axisAllowed, null, false);
  }

  Parameter(String section, String key, Type type, Range range, String column,
      boolean axisAllowed, Object neutral, boolean derived) {
    this.section = section;
    this.key = key;
    this.type = type;
    this.range = range;
    this.column = column;
    this.axisAllowed = axisAllowed;
    this.neutral = neutral;
    this.derived = derived;
  }

  /** The section of the sweep file: {@code model}, {@code data} or {@code train}. */
  public String section() {
    return section;
  }

  /** The kebab-case key, which is also the axis name under {@code sweep.grid}. */
  public String key() {
    return key;
  }

  /** The full path of the setting, e.g. {@code sweep.train.lr}. */
  public String path() {
    return "sweep." + section + "." + key;
  }

  /** The snake_case column of the {@code runs} table. */
  public String column() {
    return column;
  }

  public Type type() {
    return type;
  }

  /** Whether this setting may be a grid axis. */
  public boolean axisAllowed() {
    return axisAllowed;
  }

  /**
   * The value at which this parameter means "as before it existed", for parameters added after
   * release 0.1.0 (e.g. momentum 0, depth 1): at that value it is left out of the run id, so the
   * runs of older stores keep their ids, and a stored row without its column reads as that value.
   * Empty for the parameters of 0.1.0, which always enter the id (docs/architecture.md).
   */
  public Optional<Object> neutral() {
    return Optional.ofNullable(neutral);
  }

  /**
   * Whether the value follows from other settings instead of being a key of the sweep file
   * ({@link #FULL_BATCH}): no key, no axis, but a column and part of the run id.
   */
  public boolean derived() {
    return derived;
  }

  /** Whether {@link #FULL} is a value of this parameter ({@code batch-size = full}). */
  public boolean allowsFull() {
    return this == BATCH_SIZE;
  }

  /**
   * The parameters added after release 0.1.0 (those with a neutral value), in canonical order:
   * their columns follow the other columns of the {@code runs} table.
   */
  public static List<Parameter> addedLater() {
    return Arrays.stream(values()).filter(p -> p.neutral != null).toList();
  }

  /** Finds the parameter of an axis name or section key, e.g. {@code batch-size}. */
  public static Optional<Parameter> byKey(String key) {
    return Arrays.stream(values()).filter(p -> !p.derived && p.key.equals(key)).findFirst();
  }

  /** Finds the parameter of a {@code runs} column, e.g. {@code batch_size}. */
  public static Optional<Parameter> byColumn(String column) {
    return Arrays.stream(values()).filter(p -> p.column.equals(column)).findFirst();
  }

  /** The parameters of one section, in canonical order. */
  public static List<Parameter> inSection(String section) {
    return Arrays.stream(values()).filter(p -> !p.derived && p.section.equals(section)).toList();
  }

  /**
   * Checks a typed value against this parameter's domain.
   *
   * @return empty when allowed, else what is wrong and what is allowed
   */
  public Optional<String> problemWith(Object value) {
    if (allowsFull() && FULL.equals(value)) {
      return Optional.empty();
    }
    if (type.numeric()) {
      double v = ((Number) value).doubleValue();
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        return Optional.of("value " + value + " must be finite");
      }
      if (!range.admits(v)) {
        return Optional.of("value " + Values.canonical(value) + " must be " + range.words);
      }
      return Optional.empty();
    }
    if (type == Type.STRING) {
      String s = (String) value;
      try {
        switch (this) {
          case ACTIVATION -> Activation.parse(s);
          case TEACHER -> Teacher.parse(s);
          case TEACHER_ACTIVATION -> Activation.parse(s);
          case INPUTS -> InputLaw.parse(s);
          case LABELS -> LabelLaw.parse(s);
          case INIT -> Init.parse(s);
          case OUTPUT_INIT -> OutputInit.parse(s);
          case SAMPLING -> Sampling.parse(s);
          case DATA_TYPE -> {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (!t.equals(DataSource.TEACHER_STUDENT_TYPE) && !t.equals(DataSource.PARQUET)) {
              return Optional.of("unknown data type '" + s + "'; allowed: "
                  + DataSource.TEACHER_STUDENT_TYPE + ", " + DataSource.PARQUET);
            }
          }
          default -> {
            // free-form string
          }
        }
      } catch (IllegalArgumentException e) {
        return Optional.of(e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** Normalises a value for storage and hashing, e.g. activation labels to lower case. */
  Object normalise(Object value) {
    if (this == DATA_PATH || this == DATA_HASH) {
      return ((String) value).trim(); // paths are case-sensitive
    }
    if (type == Type.STRING) {
      return ((String) value).trim().toLowerCase(Locale.ROOT);
    }
    return value;
  }
}
