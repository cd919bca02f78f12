package io.sweep.driver.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Optional;

/**
 * Parses a range axis, {@code {from, to, count, scale = log|linear}}, and expands it with {@link
 * GridRanges}.
 */
final class RangeParser {
  /** The keys of a range: what {@link #values} reads, and all a range may hold. */
  enum Key { FROM, TO, COUNT, SCALE }

  private static final List<String> KEYS = KnownKeys.of(Key.class);
  /** The keys as messages write them: {@code from, to, count, scale = log|linear}. */
  private static final String KEYS_TEXT = String.join(", ", KEYS) + " = log|linear";
  /** What a range looks like, for messages. */
  static final String SHAPE = "{" + KEYS_TEXT + "}";

  /** Most values one range may expand to (a typo like 1e9 would otherwise exhaust memory). */
  static final int MAX_RANGE_COUNT = 100_000;

  private RangeParser() {}

  /** The values of the range, or null when it has problems (then recorded). */
  static List<Object> values(ConfigReader r, Parameter p, ConfigObject range, String path) {
    if (!p.type().numeric()) {
      r.add(range.origin(), path, "a range needs a numeric axis; give a list of values instead");
      return null;
    }
    boolean ok = true;
    for (String key : range.keySet()) {
      if (!KEYS.contains(key)) {
        r.add(range.get(key).origin(), path + "." + key, "unknown range key"
            + KnownKeys.suggestion(key, KEYS) + "; a range has " + String.join(", ", KEYS));
        ok = false;
      }
    }
    Double from = number(r, range, Key.FROM, path);
    Double to = number(r, range, Key.TO, path);
    Double count = number(r, range, Key.COUNT, path);
    String scale = "linear";
    String scaleKey = KnownKeys.key(Key.SCALE);
    if (range.containsKey(scaleKey)) {
      ConfigValue s = range.get(scaleKey);
      scale = String.valueOf(s.unwrapped());
      if (!scale.equals("log") && !scale.equals("linear")) {
        r.add(s.origin(), path + "." + scaleKey, "must be log or linear, got " + ConfigReader.render(s));
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
        r.add(range.origin(), path, "an integer range needs from and to of magnitude <= " + max
            + ", got from = " + Values.canonical(from) + ", to = " + Values.canonical(to));
        return null;
      }
    }
    if (count < 1 || count != Math.rint(count) || count > MAX_RANGE_COUNT) {
      String countKey = KnownKeys.key(Key.COUNT);
      r.add(range.get(countKey).origin(), path + "." + countKey,
          "must be an integer from 1 to " + MAX_RANGE_COUNT + ", got " + Values.canonical(count));
      return null;
    }
    if (scale.equals("log") && (from <= 0 || to <= 0)) {
      r.add(range.origin(), path, "a log range needs from > 0 and to > 0, got from = "
          + Values.canonical(from) + ", to = " + Values.canonical(to));
      return null;
    }
    List<Object> values = GridRanges.expand(p.type(), from, to, count.intValue(), scale.equals("log"));
    for (Object value : values) {
      Optional<String> problem = p.problemWith(value);
      if (problem.isPresent()) {
        r.add(range.origin(), path, problem.get());
        return null;
      }
    }
    return values;
  }

  private static Double number(ConfigReader r, ConfigObject range, Key key, String path) {
    String k = KnownKeys.key(key);
    if (!range.containsKey(k)) {
      r.add(range.origin(), path, "a range needs '" + k + "' (keys: " + KEYS_TEXT + ")");
      return null;
    }
    ConfigValue v = range.get(k);
    Optional<Object> d = Values.convert(v, Parameter.Type.DOUBLE);
    if (d.isEmpty() || !Double.isFinite((Double) d.get())) {
      r.add(v.origin(), path + "." + k, "must be a number, got " + ConfigReader.render(v));
      return null;
    }
    return (Double) d.get();
  }
}
