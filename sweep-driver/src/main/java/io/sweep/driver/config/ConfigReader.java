package io.sweep.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded {@link Config} as the settings parsers read it: typed values, where every read that
 * fails becomes a {@link ConfigProblem} at the value's file:line instead of an exception, so that
 * one report lists them all. One reader serves one call of {@link SettingsParser}; not thread-safe.
 */
final class ConfigReader {
  private final Config config;
  private final List<ConfigProblem> problems = new ArrayList<>();

  ConfigReader(Config config) {
    this.config = config;
  }

  Config config() {
    return config;
  }

  boolean hasProblems() {
    return !problems.isEmpty();
  }

  /** Throws every problem found so far, together. */
  void failIfProblems() {
    if (!problems.isEmpty()) {
      throw new ConfigProblems(problems);
    }
  }

  void add(ConfigProblem problem) {
    problems.add(problem);
  }

  void add(ConfigOrigin origin, String path, String message) {
    problems.add(ConfigProblem.at(origin, path, message));
  }

  /** Whether {@code path} is an object; a problem when it is there but something else. */
  boolean isObject(String path) {
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

  /**
   * Whether the block at {@code path} is there and an object, with a problem for each of its keys
   * that is not a constant of {@code keys}.
   */
  <E extends Enum<E>> boolean block(String path, Class<E> keys) {
    if (!isObject(path)) {
      return false;
    }
    unknownKeys(path, KnownKeys.of(keys));
    return true;
  }

  /** A required, non-empty string, trimmed; null when missing or not a string. */
  String string(String path) {
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

  /** A required integer of at least {@code min}; {@code min} when missing or not an integer. */
  long integer(String path, long min) {
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

  /** A value of parameter {@code p}, converted, checked and normalised; null when it is not allowed. */
  Object typed(Parameter p, ConfigValue v, String path) {
    if (p.allowsFull() && v.valueType() == ConfigValueType.STRING
        && ((String) v.unwrapped()).trim().equalsIgnoreCase(Parameter.FULL)) {
      return Parameter.FULL;
    }
    Optional<Object> value = Values.convert(v, p.type());
    if (value.isEmpty()) {
      add(v.origin(), path, "must be " + p.type().describe()
          + (p.allowsFull() ? " or " + Parameter.FULL : "") + ", got " + render(v));
      return null;
    }
    Optional<String> problem = p.problemWith(value.get());
    if (problem.isPresent()) {
      add(v.origin(), path, problem.get());
      return null;
    }
    return p.normalise(value.get());
  }

  /** A problem for every key of the object at {@code path} that is not {@code known}. */
  void unknownKeys(String path, Collection<String> known) {
    List<String> sorted = known.stream().sorted().toList();
    for (Map.Entry<String, ConfigValue> e : config.getObject(path).entrySet()) {
      if (!known.contains(e.getKey())) {
        add(e.getValue().origin(), path + "." + e.getKey(),
            KnownKeys.unknown("unknown key", e.getKey(), sorted));
      }
    }
  }

  /** Where the value at {@code path} was set, {@code file:line}; empty when it is not set. */
  String originOf(String path) {
    return config.hasPath(path) ? Values.describe(config.getValue(path).origin()) : "";
  }

  static String render(ConfigValue v) {
    return v.render(ConfigRenderOptions.concise());
  }

  static String render(Config c) {
    return c.root().render(ConfigRenderOptions.concise().setJson(false).setFormatted(true));
  }

  private static String typeName(ConfigValue v) {
    return v.valueType().name().toLowerCase(Locale.ROOT) + " " + render(v);
  }
}
