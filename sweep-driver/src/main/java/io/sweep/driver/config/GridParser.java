package io.sweep.driver.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the {@code sweep.grid} block into {@link Axis axes}: each key names a {@link Parameter}
 * that may be an axis, each value is a list of distinct values or a range ({@link RangeParser}).
 */
final class GridParser {
  /** Where the block lives. */
  static final String PATH = SettingsParser.SweepKey.GRID.path();

  private GridParser() {}

  /** The axes in canonical ({@link Parameter}) order; those with problems are left out. */
  static List<Axis> parse(ConfigReader r) {
    List<Axis> axes = new ArrayList<>();
    if (!r.isObject(PATH)) {
      return axes;
    }
    List<String> axisKeys =
        Arrays.stream(Parameter.values()).filter(Parameter::axisAllowed).map(Parameter::key).toList();
    for (Map.Entry<String, ConfigValue> e : r.config().getObject(PATH).entrySet()) {
      String path = PATH + "." + e.getKey();
      ConfigValue v = e.getValue();
      Optional<Parameter> p = Parameter.byKey(e.getKey());
      if (p.isEmpty() || !p.get().axisAllowed()) {
        String what = p.isEmpty()
            ? "unknown axis" + KnownKeys.suggestion(e.getKey(), axisKeys)
            : "cannot be an axis";
        r.add(v.origin(), path, what + "; axes may be: " + String.join(", ", axisKeys));
        continue;
      }
      List<Object> values =
          switch (v.valueType()) {
            case LIST -> listValues(r, p.get(), (ConfigList) v, path);
            case OBJECT -> RangeParser.values(r, p.get(), (ConfigObject) v, path);
            default -> {
              r.add(v.origin(), path, "an axis must be a list, e.g. [" + ConfigReader.render(v)
                  + "], or a range " + RangeParser.SHAPE + "; got " + ConfigReader.render(v));
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

  private static List<Object> listValues(ConfigReader r, Parameter p, ConfigList list, String path) {
    if (list.isEmpty()) {
      r.add(list.origin(), path, "empty axis: give at least one value");
      return null;
    }
    LinkedHashSet<Object> values = new LinkedHashSet<>();
    boolean ok = true;
    for (int i = 0; i < list.size(); i++) {
      ConfigValue item = list.get(i);
      Object value = r.typed(p, item, path + "[" + i + "]");
      if (value == null) {
        ok = false;
      } else if (!values.add(value)) {
        r.add(item.origin(), path, "value " + Values.canonical(value) + " appears twice");
        ok = false;
      }
    }
    return ok ? new ArrayList<>(values) : null;
  }
}
