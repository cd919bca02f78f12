package io.sweep.driver.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.sweep.worker.spec.DataSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of {@code sweep.data} that describe a Parquet data set ({@code data.type = parquet})
 * besides {@code data.path}: {@code features}, {@code label}, {@code one-hot}, {@code
 * test-fraction}, {@code test-path}, {@code split-seed}, {@code standardize}. Not parameters (no
 * columns, no axes): what they change is the prepared data, whose content hash ({@link
 * Parameter#DATA_HASH}) enters the run id. Parsed into a {@link ParquetSource}.
 */
final class DataSourceParser {
  /** The keys, kebab-case. */
  enum Key { FEATURES, LABEL, ONE_HOT, TEST_FRACTION, TEST_PATH, SPLIT_SEED, STANDARDIZE }

  /** The keys of a Parquet data set besides {@code path}. */
  static final List<String> KEYS = KnownKeys.of(Key.class);
  /** The share of rows held out for testing when neither key of the split is given. */
  static final double DEFAULT_TEST_FRACTION = 0.2;

  private static final String DATA = SettingsParser.SWEEP + ".data";
  /** Settings of teacher–student data: with parquet data they follow from the data set. */
  private static final List<Parameter> TEACHER_STUDENT_ONLY = List.of(Parameter.INPUT_DIM,
      Parameter.TEACHER, Parameter.TEACHER_WIDTH, Parameter.DATA_NOISE, Parameter.TEST_SAMPLES,
      Parameter.INPUTS, Parameter.INPUT_SHIFT, Parameter.CONSTANT_INPUT, Parameter.TEACHER_SPARSITY,
      Parameter.TEACHER_ACTIVATION, Parameter.TEACHER_OFFSET, Parameter.LABELS,
      Parameter.LABEL_SCALE);

  private DataSourceParser() {}

  private static String path(Key k) {
    return KnownKeys.path(DATA, k);
  }

  /**
   * Reads the Parquet keys when {@code data.type = parquet} (null otherwise, with a problem for
   * each of them that is set) and puts the neutral {@link Parameter#DATA_HASH} into {@code base}.
   */
  static ParquetSource parse(ConfigReader r, Map<Parameter, Object> base) {
    base.put(Parameter.DATA_HASH, "");
    Object type = base.get(Parameter.DATA_TYPE);
    if (!DataSource.PARQUET.equals(type)) {
      if (type != null) {
        teacherStudent(r, base);
      }
      return null;
    }
    Map<String, String> origins = new HashMap<>();
    for (Parameter p : List.of(Parameter.DATA_PATH, Parameter.OUTPUT_DIM, Parameter.SAMPLES)) {
      origins.put(p.path(), r.originOf(p.path()));
    }
    for (Key k : Key.values()) {
      origins.put(path(k), r.originOf(path(k)));
    }
    String dataPath = (String) base.getOrDefault(Parameter.DATA_PATH, "");
    if (dataPath.isEmpty()) {
      r.add(new ConfigProblem(r.originOf(Parameter.DATA_TYPE.path()), Parameter.DATA_PATH.path(),
          "required with data.type = parquet: the data set, a Parquet file or a directory of them"
              + " (a local path or any Hadoop URI, e.g. hdfs://..., s3a://...)"));
    }
    List<String> features = columns(r, Key.FEATURES);
    List<String> label = columns(r, Key.LABEL);
    boolean oneHot = bool(r, Key.ONE_HOT);
    if (oneHot && label.size() > 1) {
      r.add(new ConfigProblem(r.originOf(path(Key.ONE_HOT)), path(Key.ONE_HOT),
          "one-hot encodes one class column, but label names " + label.size() + " columns: "
              + String.join(", ", label)));
    }
    for (String c : label) {
      if (features.contains(c)) {
        r.add(new ConfigProblem(r.originOf(path(Key.LABEL)), path(Key.LABEL),
            "column '" + c + "' is both a feature and a label"));
      }
    }
    double testFraction = DEFAULT_TEST_FRACTION;
    if (r.config().hasPath(path(Key.TEST_FRACTION))) {
      ConfigValue v = r.config().getValue(path(Key.TEST_FRACTION));
      Optional<Object> f = Values.convert(v, Parameter.Type.DOUBLE);
      if (f.isEmpty() || !((Double) f.get() > 0 && (Double) f.get() < 1)) {
        r.add(v.origin(), path(Key.TEST_FRACTION),
            "must be a number in (0, 1), the share of rows held out as the test set, got "
                + ConfigReader.render(v));
      } else {
        testFraction = (Double) f.get();
      }
    }
    String testPath = null;
    if (r.config().hasPath(path(Key.TEST_PATH))) {
      testPath = r.string(path(Key.TEST_PATH));
      if (r.config().hasPath(path(Key.TEST_FRACTION))) {
        r.add(new ConfigProblem(r.originOf(path(Key.TEST_PATH)), path(Key.TEST_PATH),
            "give either test-path (a separate test set) or test-fraction (a split), not both"));
      }
    }
    long splitSeed = 0;
    if (r.config().hasPath(path(Key.SPLIT_SEED))) {
      ConfigValue v = r.config().getValue(path(Key.SPLIT_SEED));
      Optional<Object> s = Values.convert(v, Parameter.Type.LONG);
      if (s.isEmpty()) {
        r.add(v.origin(), path(Key.SPLIT_SEED), "must be an integer, got " + ConfigReader.render(v));
      } else {
        splitSeed = (Long) s.get();
      }
    }
    boolean standardize = bool(r, Key.STANDARDIZE);
    return new ParquetSource(dataPath, features, label, oneHot, testFraction, testPath, splitSeed,
        standardize, origins);
  }

  /** With teacher–student data every Parquet key is a mistake. */
  private static void teacherStudent(ConfigReader r, Map<Parameter, Object> base) {
    String why = "applies to data.type = parquet only (data.type is " + base.get(Parameter.DATA_TYPE)
        + ")";
    if (!"".equals(base.getOrDefault(Parameter.DATA_PATH, ""))) {
      r.add(new ConfigProblem(r.originOf(Parameter.DATA_PATH.path()), Parameter.DATA_PATH.path(), why));
    }
    for (Key k : Key.values()) {
      if (r.config().hasPath(path(k))) {
        r.add(new ConfigProblem(r.originOf(path(k)), path(k), why));
      }
    }
  }

  /** Rules over the whole sweep: teacher–student settings cannot be axes of parquet data. */
  static void check(ConfigReader r, SweepSettings s) {
    if (s.parquet() == null) {
      return;
    }
    for (Parameter p : TEACHER_STUDENT_ONLY) {
      Axis a = s.axis(p);
      if (a != null) {
        r.add(new ConfigProblem(a.origin(), GridParser.PATH + "." + p.key(), p.key()
            + " describes teacher-student data; with data.type = parquet the data set fixes it"
            + (p == Parameter.INPUT_DIM ? " (its number of features)" : "")
            + (p == Parameter.TEST_SAMPLES ? " (its test rows)" : "")
            + ", so it cannot be an axis"));
      }
    }
  }

  /** A column name or a non-empty list of distinct ones; empty (with a problem) when not. */
  private static List<String> columns(ConfigReader r, Key k) {
    String p = path(k);
    if (!r.config().hasPath(p)) {
      r.add(new ConfigProblem(r.originOf(Parameter.DATA_TYPE.path()), p, "required with "
          + "data.type = parquet: " + (k == Key.FEATURES
              ? "the feature columns, a list of numeric columns or one array column"
              : "the label column, or a list of them (one per output)")));
      return List.of();
    }
    ConfigValue v = r.config().getValue(p);
    List<ConfigValue> items = v instanceof ConfigList l ? l : List.of(v);
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (ConfigValue item : items) {
      String name = item.valueType() == ConfigValueType.STRING
          ? ((String) item.unwrapped()).trim() : null;
      if (name == null || name.isEmpty()) {
        r.add(v.origin(), p, "must be a column name or a list of column names, got "
            + ConfigReader.render(v));
        return List.of();
      }
      if (!names.add(name)) {
        r.add(v.origin(), p, "column '" + name + "' is named twice");
      }
    }
    if (names.isEmpty()) {
      r.add(v.origin(), p, "names no column: give at least one");
    }
    return new ArrayList<>(names);
  }

  private static boolean bool(ConfigReader r, Key k) {
    String p = path(k);
    if (!r.config().hasPath(p)) {
      return false;
    }
    ConfigValue v = r.config().getValue(p);
    Optional<Object> b = Values.convert(v, Parameter.Type.BOOLEAN);
    if (b.isEmpty()) {
      r.add(v.origin(), p, "must be true or false, got " + ConfigReader.render(v));
      return false;
    }
    return (Boolean) b.get();
  }
}
