package io.sweep.driver.config;

import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses one of the blocks {@code sweep.model}, {@code sweep.data} and {@code sweep.train}: the
 * fixed value of each of its {@link Parameter}s, which are also its only keys ({@code
 * train.schedule} through {@link ScheduleParser}; the derived {@link Parameter#FULL_BATCH} follows
 * from {@code batch-size}).
 */
final class SectionParser {
  private SectionParser() {}

  /**
   * Puts the value of every parameter the block sets into {@code base}; a problem for each
   * unknown key and for each parameter of the section that has no value, not even a default.
   *
   * @param section {@code model}, {@code data} or {@code train}
   */
  static void parse(ConfigReader r, String section, Map<Parameter, Object> base) {
    String path = SettingsParser.SWEEP + "." + section;
    if (!r.isObject(path)) {
      return;
    }
    for (Map.Entry<String, ConfigValue> e : r.config().getObject(path).entrySet()) {
      String key = e.getKey();
      if (section.equals(Parameter.DATA_PATH.section()) && DataSourceParser.KEYS.contains(key)) {
        continue; // the keys of a Parquet data set: DataSourceParser
      }
      Optional<Parameter> p = Parameter.byKey(key).filter(q -> q.section().equals(section));
      if (p.isEmpty()) {
        r.add(e.getValue().origin(), path + "." + key, unknownKeyMessage(key, section));
        continue;
      }
      Object value = p.get() == Parameter.SCHEDULE
          ? ScheduleParser.parse(r, e.getValue(), path + "." + key)
          : r.typed(p.get(), e.getValue(), path + "." + key);
      if (value != null) {
        base.put(p.get(), value);
      }
    }
    for (Parameter p : Parameter.inSection(section)) {
      if (!base.containsKey(p) && !r.config().hasPathOrNull(p.path())) {
        r.add(new ConfigProblem("", p.path(), "required (no default found)"));
      }
    }
    if (section.equals(Parameter.FULL_BATCH.section()) && base.containsKey(Parameter.BATCH_SIZE)) {
      base.put(Parameter.FULL_BATCH, Parameter.FULL.equals(base.get(Parameter.BATCH_SIZE)));
    }
  }

  private static String unknownKeyMessage(String key, String section) {
    if (key.equals(Parameter.FULL_BATCH.key())) {
      return "not a key: the column full_batch records batch-size = full; write that instead";
    }
    Optional<Parameter> elsewhere = Parameter.byKey(key);
    if (elsewhere.isPresent()) {
      return "unknown key here; '" + key + "' belongs in sweep." + elsewhere.get().section();
    }
    List<String> known = new java.util.ArrayList<>(
        Parameter.inSection(section).stream().map(Parameter::key).toList());
    if (section.equals(Parameter.DATA_PATH.section())) {
      known.addAll(DataSourceParser.KEYS);
    }
    return KnownKeys.unknown("unknown key", key, known);
  }
}
