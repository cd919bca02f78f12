package io.sweep.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Turns a loaded {@link Config} into validated settings records, collecting every problem before
 * failing (so a user fixes a file in one go). Each problem names the key, its file:line and what
 * is allowed.
 */
public final class SettingsParser {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
  private static final List<String> TOP_LEVEL_KEYS = List.of("engine", "sweep");
  private static final Set<String> SWEEP_KEYS =
      Set.of("name", "description", "grid", "model", "data", "train", "diagnostics");
  private static final List<String> SECTIONS = List.of("model", "data", "train");
  private static final Set<String> RANGE_KEYS = Set.of("from", "to", "count", "scale");
  private static final Set<String> ENGINE_KEYS =
      Set.of("store", "master", "log-dir", "wave-size", "pack-size", "max-runs", "spark");
  private static final Set<String> DIAGNOSTIC_KEYS =
      Set.of("vanish-tolerance", "redundancy-tolerance", "interpolation-tolerance",
          "hessian-probes", "exact-hessian-max-params", "hessian-every");

  /** Most values one range may expand to (a typo like 1e9 would otherwise exhaust memory). */
  static final int MAX_RANGE_COUNT = 100_000;

  private final Config config;
  private final List<ConfigProblem> problems = new ArrayList<>();

  private SettingsParser(Config config) {
    this.config = config;
  }

  /** Parses the {@code engine} section. */
  public static EngineSettings engine(Config config) {
    SettingsParser p = new SettingsParser(config);
    EngineSettings settings = p.parseEngine();
    p.failIfProblems();
    return settings;
  }

  /**
   * Parses and validates the {@code sweep} section.
   *
   * @param source the sweep file's name, recorded for messages
   */
  public static SweepSettings sweep(Config config, String source) {
    SettingsParser p = new SettingsParser(config);
    SweepSettings settings = p.parseSweep(source);
    p.failIfProblems();
    return settings;
  }

  /**
   * Parses the {@code engine} and {@code sweep} sections together, so that one error report lists
   * the problems of both.
   *
   * @param source the sweep file's name, recorded for messages
   */
  public static Settings all(Config config, String source) {
    SettingsParser p = new SettingsParser(config);
    EngineSettings engine = p.parseEngine();
    SweepSettings sweep = p.parseSweep(source);
    p.failIfProblems();
    return new Settings(engine, sweep);
  }

  /** Both sections of a configuration. */
  public record Settings(EngineSettings engine, SweepSettings sweep) {}

  private void failIfProblems() {
    if (!problems.isEmpty()) {
      throw new ConfigProblems(problems);
    }
  }

  // ---------------------------------------------------------------- engine

  private EngineSettings parseEngine() {
    if (!isObject("engine")) {
      return null;
    }
    unknownKeys("engine", ENGINE_KEYS);
    String store = string("engine.store");
    String master = string("engine.master");
    String logDir = string("engine.log-dir");
    long wave = integer("engine.wave-size", 0);
    long pack = integer("engine.pack-size", 1);
    if (pack > 4096) {
      add(config.getValue("engine.pack-size").origin(), "engine.pack-size",
          "must be at most 4096, got " + pack);
    }
    long maxRuns = integer("engine.max-runs", 1);
    Map<String, String> spark = new TreeMap<>();
    if (isObject("engine.spark")) {
      for (Map.Entry<String, ConfigValue> e : config.getObject("engine.spark").entrySet()) {
        ConfigValue v = e.getValue();
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
          add(v.origin(), "engine.spark." + e.getKey(), "must be a plain value (string, number or boolean)");
        } else {
          spark.put(e.getKey(), String.valueOf(v.unwrapped()));
        }
      }
    }
    if (!problems.isEmpty()) {
      return null;
    }
    return new EngineSettings(store, master, logDir, (int) wave, (int) pack, maxRuns, spark);
  }

  private String string(String path) {
    if (!config.hasPath(path)) {
      problems.add(new ConfigProblem("", path, "required"));
      return null;
    }
    ConfigValue v = config.getValue(path);
    if (v.valueType() != ConfigValueType.STRING) {
      add(v.origin(), path, "must be a string, got " + typeName(v));
      return null;
    }
    String s = ((String) v.unwrapped()).trim();
    if (s.isEmpty()) {
      add(v.origin(), path, "must not be empty");
    }
    return s;
  }

  private long integer(String path, long min) {
    if (!config.hasPath(path)) {
      problems.add(new ConfigProblem("", path, "required"));
      return min;
    }
    ConfigValue v = config.getValue(path);
    Optional<Object> value = Values.convert(v, Parameter.Type.LONG);
    if (value.isEmpty()) {
      add(v.origin(), path, "must be an integer, got " + render(v));
      return min;
    }
    long l = (Long) value.get();
    if (l < min) {
      add(v.origin(), path, "value " + l + " must be >= " + min);
    }
    return l;
  }

  // ---------------------------------------------------------------- sweep

  private SweepSettings parseSweep(String source) {
    unknownTopLevelKeys();
    if (!config.hasPath("sweep")) {
      problems.add(new ConfigProblem(source, "sweep", "missing: a sweep file holds a `sweep { ... }` block"));
      return null;
    }
    if (!isObject("sweep")) {
      return null;
    }
    unknownKeys("sweep", SWEEP_KEYS);
    String name = sweepName(source);
    Map<Parameter, Object> base = new EnumMap<>(Parameter.class);
    for (String section : SECTIONS) {
      parseSection(section, base);
    }
    List<Axis> axes = parseGrid();
    DiagnosticsSettings diagnostics = parseDiagnostics();
    if (!problems.isEmpty()) {
      return null;
    }
    SweepSettings settings =
        new SweepSettings(name, source, axes, base, diagnostics, render(config.getConfig("sweep")));
    checkBatchAgainstSamples(settings);
    return settings;
  }

  private String sweepName(String source) {
    if (!config.hasPath("sweep.name")) {
      // The merged sweep object has no single file:line; the sweep file is where the name belongs.
      problems.add(new ConfigProblem(
          source, "sweep.name", "required: give the sweep a name, e.g. name = my-sweep"));
      return null;
    }
    ConfigValue v = config.getValue("sweep.name");
    // An unquoted name such as 2024 or 1.0 is a HOCON number; its text is the name as written.
    boolean plain =
        v.valueType() == ConfigValueType.STRING
            || v.valueType() == ConfigValueType.NUMBER
            || v.valueType() == ConfigValueType.BOOLEAN;
    String name = plain ? config.getString("sweep.name") : render(v);
    if (!plain || !NAME.matcher(name).matches()) {
      add(v.origin(), "sweep.name",
          "'" + name + "' is not a valid name: use letters, digits, '_', '-' and '.', "
              + "starting with a letter or digit, at most 100 characters");
      return null;
    }
    return name;
  }

  private void parseSection(String section, Map<Parameter, Object> base) {
    String path = "sweep." + section;
    if (!isObject(path)) {
      return;
    }
    for (Map.Entry<String, ConfigValue> e : config.getObject(path).entrySet()) {
      String key = e.getKey();
      Optional<Parameter> p = Parameter.byKey(key).filter(q -> q.section().equals(section));
      if (p.isEmpty()) {
        add(e.getValue().origin(), path + "." + key, unknownKeyMessage(key, section));
        continue;
      }
      Object value = typed(p.get(), e.getValue(), path + "." + key);
      if (value != null) {
        base.put(p.get(), value);
      }
    }
    for (Parameter p : Parameter.inSection(section)) {
      if (!base.containsKey(p) && !config.hasPathOrNull(p.path())) {
        problems.add(new ConfigProblem("", p.path(), "required (no default found)"));
      }
    }
  }

  private String unknownKeyMessage(String key, String section) {
    Optional<Parameter> elsewhere = Parameter.byKey(key);
    if (elsewhere.isPresent()) {
      return "unknown key here; '" + key + "' belongs in sweep." + elsewhere.get().section();
    }
    List<String> known = Parameter.inSection(section).stream().map(Parameter::key).toList();
    return "unknown key" + suggestion(key, known) + "; known keys: " + String.join(", ", known);
  }

  private List<Axis> parseGrid() {
    List<Axis> axes = new ArrayList<>();
    if (!config.hasPath("sweep.grid")) {
      return axes;
    }
    if (!isObject("sweep.grid")) {
      return axes;
    }
    List<String> axisKeys =
        java.util.Arrays.stream(Parameter.values()).filter(Parameter::axisAllowed).map(Parameter::key).toList();
    for (Map.Entry<String, ConfigValue> e : config.getObject("sweep.grid").entrySet()) {
      String path = "sweep.grid." + e.getKey();
      ConfigValue v = e.getValue();
      Optional<Parameter> p = Parameter.byKey(e.getKey());
      if (p.isEmpty() || !p.get().axisAllowed()) {
        add(v.origin(), path,
            (p.isEmpty() ? "unknown axis" + suggestion(e.getKey(), axisKeys) : "cannot be an axis")
                + "; axes may be: " + String.join(", ", axisKeys));
        continue;
      }
      List<Object> values =
          switch (v.valueType()) {
            case LIST -> listValues(p.get(), (ConfigList) v, path);
            case OBJECT -> rangeValues(p.get(), (ConfigObject) v, path);
            default -> {
              add(v.origin(), path, "an axis must be a list, e.g. [" + render(v) + "], or a range "
                  + "{from, to, count, scale = log|linear}; got " + render(v));
              yield null;
            }
          };
      if (values != null) {
        axes.add(new Axis(p.get(), values, Values.describe(v.origin())));
      }
    }
    axes.sort(Comparator.comparing(Axis::parameter));
    return axes;
  }

  private List<Object> listValues(Parameter p, ConfigList list, String path) {
    if (list.isEmpty()) {
      add(list.origin(), path, "empty axis: give at least one value");
      return null;
    }
    LinkedHashSet<Object> values = new LinkedHashSet<>();
    boolean ok = true;
    for (int i = 0; i < list.size(); i++) {
      ConfigValue item = list.get(i);
      Object value = typed(p, item, path + "[" + i + "]");
      if (value == null) {
        ok = false;
      } else if (!values.add(value)) {
        add(item.origin(), path, "value " + Values.canonical(value) + " appears twice");
        ok = false;
      }
    }
    return ok ? new ArrayList<>(values) : null;
  }

  private List<Object> rangeValues(Parameter p, ConfigObject range, String path) {
    if (!p.type().numeric()) {
      add(range.origin(), path, "a range needs a numeric axis; give a list of values instead");
      return null;
    }
    boolean ok = true;
    for (String key : range.keySet()) {
      if (!RANGE_KEYS.contains(key)) {
        add(range.get(key).origin(), path + "." + key,
            "unknown range key" + suggestion(key, List.copyOf(RANGE_KEYS)) + "; a range has from, to, count, scale");
        ok = false;
      }
    }
    Double from = rangeNumber(range, "from", path);
    Double to = rangeNumber(range, "to", path);
    Double count = rangeNumber(range, "count", path);
    String scale = "linear";
    if (range.containsKey("scale")) {
      ConfigValue s = range.get("scale");
      scale = String.valueOf(s.unwrapped());
      if (!scale.equals("log") && !scale.equals("linear")) {
        add(s.origin(), path + ".scale", "must be log or linear, got " + render(s));
        ok = false;
      }
    }
    if (!ok || from == null || to == null || count == null) {
      return null;
    }
    if (p.type() != Parameter.Type.DOUBLE) {
      // Rounding a value beyond the integer type would wrap (int) or clamp (long) silently.
      long max = p.type() == Parameter.Type.INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
      if (Math.abs(from) > max || Math.abs(to) > max) {
        add(range.origin(), path, "an integer range needs from and to of magnitude <= " + max + ", got from = "
            + Values.canonical(from) + ", to = " + Values.canonical(to));
        return null;
      }
    }
    if (count < 1 || count != Math.rint(count) || count > MAX_RANGE_COUNT) {
      add(range.get("count").origin(), path + ".count",
          "must be an integer from 1 to " + MAX_RANGE_COUNT + ", got " + Values.canonical(count));
      return null;
    }
    if (scale.equals("log") && (from <= 0 || to <= 0)) {
      add(range.origin(), path, "a log range needs from > 0 and to > 0, got from = "
          + Values.canonical(from) + ", to = " + Values.canonical(to));
      return null;
    }
    List<Object> values =
        GridRanges.expand(p.type(), from, to, count.intValue(), scale.equals("log"));
    for (Object value : values) {
      Optional<String> problem = p.problemWith(value);
      if (problem.isPresent()) {
        add(range.origin(), path, problem.get());
        return null;
      }
    }
    return values;
  }

  private Double rangeNumber(ConfigObject range, String key, String path) {
    if (!range.containsKey(key)) {
      add(range.origin(), path, "a range needs '" + key + "' (keys: from, to, count, scale = log|linear)");
      return null;
    }
    ConfigValue v = range.get(key);
    Optional<Object> d = Values.convert(v, Parameter.Type.DOUBLE);
    if (d.isEmpty() || !Double.isFinite((Double) d.get())) {
      add(v.origin(), path + "." + key, "must be a number, got " + render(v));
      return null;
    }
    return (Double) d.get();
  }

  private DiagnosticsSettings parseDiagnostics() {
    if (!isObject("sweep.diagnostics")) {
      return null;
    }
    unknownKeys("sweep.diagnostics", DIAGNOSTIC_KEYS);
    double[] t = new double[3];
    String[] keys = {"vanish-tolerance", "redundancy-tolerance", "interpolation-tolerance"};
    for (int i = 0; i < keys.length; i++) {
      String path = "sweep.diagnostics." + keys[i];
      if (!config.hasPath(path)) {
        problems.add(new ConfigProblem("", path, "required (no default found)"));
        continue;
      }
      ConfigValue v = config.getValue(path);
      Optional<Object> d = Values.convert(v, Parameter.Type.DOUBLE);
      if (d.isEmpty() || !((Double) d.get() > 0) || ((Double) d.get()).isInfinite()) {
        add(v.origin(), path, "must be a number > 0, got " + render(v));
      } else {
        t[i] = (Double) d.get();
      }
    }
    if (t[0] > 1) {
      add(config.getValue("sweep.diagnostics.vanish-tolerance").origin(),
          "sweep.diagnostics.vanish-tolerance", "must be at most 1 (a fraction of the largest neuron), got "
              + Values.canonical(t[0]));
    }
    long probes = integer("sweep.diagnostics.hessian-probes", 2);
    long exactMax = integer("sweep.diagnostics.exact-hessian-max-params", 0);
    long every = integer("sweep.diagnostics.hessian-every", 0);
    if (exactMax > 5000) {
      add(config.getValue("sweep.diagnostics.exact-hessian-max-params").origin(),
          "sweep.diagnostics.exact-hessian-max-params",
          "must be at most 5000 (a dense Hessian of P parameters takes 8P² bytes), got " + exactMax);
    }
    return new DiagnosticsSettings(t[0], t[1], t[2], (int) Math.min(probes, 1_000_000),
        (int) Math.min(exactMax, 5000), every);
  }

  /** Batch size must not exceed the sample count in any run the grid makes. */
  private void checkBatchAgainstSamples(SweepSettings s) {
    List<Object> batches = valuesOf(s, Parameter.BATCH_SIZE);
    List<Object> samples = valuesOf(s, Parameter.SAMPLES);
    long bad = 0;
    Object exampleB = null;
    Object exampleN = null;
    for (Object b : batches) {
      for (Object n : samples) {
        if ((Integer) b > (Integer) n) {
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
    Axis axis = s.axis(Parameter.BATCH_SIZE);
    String where = axis != null ? axis.origin() : originOf(Parameter.BATCH_SIZE.path());
    problems.add(new ConfigProblem(where,
        axis != null ? "sweep.grid.batch-size" : Parameter.BATCH_SIZE.path(),
        "batch size " + exampleB + " exceeds sample count " + exampleN + " (" + (bad * others)
            + " of " + s.runCount() + " runs); every batch size must be <= every sample count "
            + "it is combined with"));
  }

  private static List<Object> valuesOf(SweepSettings s, Parameter p) {
    Axis a = s.axis(p);
    return a != null ? a.values() : List.of(s.base().get(p));
  }

  // ---------------------------------------------------------------- helpers

  private Object typed(Parameter p, ConfigValue v, String path) {
    Optional<Object> value = Values.convert(v, p.type());
    if (value.isEmpty()) {
      add(v.origin(), path, "must be " + p.type().describe() + ", got " + render(v));
      return null;
    }
    Optional<String> problem = p.problemWith(value.get());
    if (problem.isPresent()) {
      add(v.origin(), path, problem.get());
      return null;
    }
    return p.normalise(value.get());
  }

  private boolean isObject(String path) {
    if (!config.hasPath(path)) {
      return false;
    }
    ConfigValue v = config.getValue(path);
    if (v.valueType() != ConfigValueType.OBJECT) {
      add(v.origin(), path, "must be an object { ... }, got " + render(v));
      return false;
    }
    return true;
  }

  /** Keys beside {@code sweep} and {@code engine}, e.g. a {@code model} block outside the sweep. */
  private void unknownTopLevelKeys() {
    for (Map.Entry<String, ConfigValue> e : config.root().entrySet()) {
      String key = e.getKey();
      if (TOP_LEVEL_KEYS.contains(key)) {
        continue;
      }
      add(e.getValue().origin(), key,
          SWEEP_KEYS.contains(key)
              ? "unknown top-level key; '" + key + "' belongs inside sweep { ... }"
              : "unknown top-level key" + suggestion(key, TOP_LEVEL_KEYS)
                  + "; known keys: " + String.join(", ", TOP_LEVEL_KEYS));
    }
  }

  private void unknownKeys(String path, Set<String> known) {
    List<String> sorted = known.stream().sorted().toList();
    for (Map.Entry<String, ConfigValue> e : config.getObject(path).entrySet()) {
      if (!known.contains(e.getKey())) {
        add(e.getValue().origin(), path + "." + e.getKey(),
            "unknown key" + suggestion(e.getKey(), sorted) + "; known keys: " + String.join(", ", sorted));
      }
    }
  }

  private String originOf(String path) {
    return config.hasPath(path) ? Values.describe(config.getValue(path).origin()) : "";
  }

  private void add(ConfigOrigin origin, String path, String message) {
    problems.add(ConfigProblem.at(origin, path, message));
  }

  private static String suggestion(String key, List<String> known) {
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    Map<Integer, String> best = new LinkedHashMap<>();
    for (String k : known) {
      best.putIfAbsent(distance.apply(key, k), k);
    }
    return best.keySet().stream()
        .min(Integer::compare)
        .filter(d -> d <= Math.max(2, key.length() / 3))
        .map(d -> " (did you mean '" + best.get(d) + "'?)")
        .orElse("");
  }

  private static String typeName(ConfigValue v) {
    return v.valueType().name().toLowerCase(java.util.Locale.ROOT) + " " + render(v);
  }

  private static String render(ConfigValue v) {
    return v.render(ConfigRenderOptions.concise());
  }

  private static String render(Config c) {
    return c.root().render(ConfigRenderOptions.concise().setJson(false).setFormatted(true));
  }
}
