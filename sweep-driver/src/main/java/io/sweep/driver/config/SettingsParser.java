package io.sweep.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.sweep.worker.diagnose.DiagnosticsSpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a loaded {@link Config} into validated settings records, collecting every problem before
 * failing (so a user fixes a file in one go). Each problem names the key, its file:line and what
 * is allowed.
 *
 * <p>One parser per concern, all reading through one {@link ConfigReader}: {@link EngineParser}
 * ({@code engine}), {@link SectionParser} ({@code model}, {@code data}, {@code train}), {@link
 * GridParser} and {@link RangeParser} ({@code grid}), {@link DiagnosticsParser} ({@code
 * diagnostics}), then {@link CrossFieldRules} over the whole sweep. This class holds the order in
 * which they run and the top of the file: the {@code sweep} block and its name.
 */
public final class SettingsParser {
  /** Where the sweep lives. */
  static final String SWEEP = "sweep";

  /** The keys of the {@code sweep} block, in the order of the documented layout. */
  enum SweepKey {
    NAME, DESCRIPTION, GRID, MODEL, DATA, TRAIN, DIAGNOSTICS;

    /** The key's full path, e.g. {@code sweep.grid}. */
    String path() {
      return KnownKeys.path(SWEEP, this);
    }
  }

  private static final List<String> TOP_LEVEL_KEYS = List.of(EngineParser.PATH, SWEEP);
  private static final List<String> SWEEP_KEYS = KnownKeys.of(SweepKey.class);
  /** The blocks of parameters ({@code model}, {@code data}, {@code train}), parsed in this order. */
  private static final List<String> SECTIONS =
      SWEEP_KEYS.stream().filter(k -> !Parameter.inSection(k).isEmpty()).toList();
  private static final String NAME_PATH = SweepKey.NAME.path();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

  private SettingsParser() {}

  /** Parses the {@code engine} section. */
  public static EngineSettings engine(Config config) {
    ConfigReader r = new ConfigReader(config);
    EngineSettings settings = EngineParser.parse(r);
    r.failIfProblems();
    return settings;
  }

  /**
   * Parses and validates the {@code sweep} section.
   *
   * @param source the sweep file's name, recorded for messages
   */
  public static SweepSettings sweep(Config config, String source) {
    ConfigReader r = new ConfigReader(config);
    SweepSettings settings = parseSweep(r, source);
    r.failIfProblems();
    return settings;
  }

  /**
   * Parses the {@code engine} and {@code sweep} sections together, so that one error report lists
   * the problems of both.
   *
   * @param source the sweep file's name, recorded for messages
   */
  public static Settings all(Config config, String source) {
    ConfigReader r = new ConfigReader(config);
    EngineSettings engine = EngineParser.parse(r);
    SweepSettings sweep = parseSweep(r, source);
    r.failIfProblems();
    return new Settings(engine, sweep);
  }

  /** Both sections of a configuration. */
  public record Settings(EngineSettings engine, SweepSettings sweep) {}

  private static SweepSettings parseSweep(ConfigReader r, String source) {
    unknownTopLevelKeys(r);
    if (!r.config().hasPath(SWEEP)) {
      r.add(new ConfigProblem(source, SWEEP, "missing: a sweep file holds a `sweep { ... }` block"));
      return null;
    }
    if (!r.isObject(SWEEP)) {
      return null;
    }
    r.unknownKeys(SWEEP, SWEEP_KEYS);
    String name = sweepName(r, source);
    Map<Parameter, Object> base = new EnumMap<>(Parameter.class);
    for (String section : SECTIONS) {
      SectionParser.parse(r, section, base);
    }
    ParquetSource parquet = DataSourceParser.parse(r, base);
    List<Axis> axes = GridParser.parse(r);
    DiagnosticsSpec diagnostics = DiagnosticsParser.parse(r);
    if (r.hasProblems()) {
      return null;
    }
    SweepSettings settings = new SweepSettings(
        name, source, axes, base, diagnostics, ConfigReader.render(r.config().getConfig(SWEEP)),
        parquet);
    CrossFieldRules.check(r, settings);
    return settings;
  }

  private static String sweepName(ConfigReader r, String source) {
    if (!r.config().hasPath(NAME_PATH)) {
      // The merged sweep object has no single file:line; the sweep file is where the name belongs.
      r.add(new ConfigProblem(
          source, NAME_PATH, "required: give the sweep a name, e.g. name = my-sweep"));
      return null;
    }
    ConfigValue v = r.config().getValue(NAME_PATH);
    // An unquoted name such as 2024 or 1.0 is a HOCON number; its text is the name as written.
    boolean plain =
        v.valueType() == ConfigValueType.STRING
            || v.valueType() == ConfigValueType.NUMBER
            || v.valueType() == ConfigValueType.BOOLEAN;
    String name = plain ? r.config().getString(NAME_PATH) : ConfigReader.render(v);
    if (!plain || !NAME.matcher(name).matches()) {
      r.add(v.origin(), NAME_PATH,
          "'" + name + "' is not a valid name: use letters, digits, '_', '-' and '.', "
              + "starting with a letter or digit, at most 100 characters");
      return null;
    }
    return name;
  }

  /** Keys beside {@code sweep} and {@code engine}, e.g. a {@code model} block outside the sweep. */
  private static void unknownTopLevelKeys(ConfigReader r) {
    for (Map.Entry<String, ConfigValue> e : r.config().root().entrySet()) {
      String key = e.getKey();
      if (TOP_LEVEL_KEYS.contains(key)) {
        continue;
      }
      r.add(e.getValue().origin(), key,
          SWEEP_KEYS.contains(key)
              ? "unknown top-level key; '" + key + "' belongs inside sweep { ... }"
              : KnownKeys.unknown("unknown top-level key", key, TOP_LEVEL_KEYS));
    }
  }
}
