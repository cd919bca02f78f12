package io.sweep.driver.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code sweep.grid} block into {@link Axis axes}: each key names a {@link Parameter}
 * that may be an axis, each value is a list of distinct values or a range ({@link RangeParser}).
 * A key {@code schedule-N-KNOB} is a phase axis: it varies one knob of phase N (1-based) of {@code
 * train.schedule}, typed and checked as that knob.
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
    String axesAllowed = String.join(", ", axisKeys) + ", " + PHASE_AXIS_SHAPE;
    for (Map.Entry<String, ConfigValue> e : r.config().getObject(PATH).entrySet()) {
      String path = PATH + "." + e.getKey();
      ConfigValue v = e.getValue();
      Optional<Parameter> p = Parameter.byKey(e.getKey());
      Axis.PhaseField phase = null;
      if (e.getKey().startsWith(Parameter.SCHEDULE.key() + "-")) {
        phase = phaseField(r, e.getKey(), v, path);
        if (phase == null) {
          continue;
        }
        p = Optional.of(phase.knob().parameter());
      } else if (p.isEmpty() || !p.get().axisAllowed()) {
        String what = p.isEmpty()
            ? "unknown axis" + KnownKeys.suggestion(e.getKey(), axisKeys)
            : p.get() == Parameter.SCHEDULE
                ? "cannot be an axis; vary a knob of one of its phases with " + PHASE_AXIS_SHAPE
                    + ", e.g. schedule-1-at = [10000, 20000]"
                : "cannot be an axis";
        r.add(v.origin(), path, what + "; axes may be: " + axesAllowed);
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
        axes.add(phase == null
            ? new Axis(p.get(), values, Values.describe(v.origin()))
            : new Axis(Parameter.SCHEDULE, values, Values.describe(v.origin()), phase));
      }
    }
    axes.sort(Axis::compare);
    return axes;
  }

  /** How a phase axis is named, for messages. */
  static final String PHASE_AXIS_SHAPE = "schedule-<phase>-<knob> (knobs: "
      + String.join(", ", PhaseKnob.keys()) + ")";
  private static final Pattern PHASE_AXIS = Pattern.compile("schedule-([0-9]+)-(.+)");

  /** The phase and knob of an axis named {@code schedule-N-KNOB}; null (and a problem) if bad. */
  private static Axis.PhaseField phaseField(ConfigReader r, String key, ConfigValue v, String path) {
    Matcher m = PHASE_AXIS.matcher(key);
    if (!m.matches()) {
      r.add(v.origin(), path, "a phase axis is named " + PHASE_AXIS_SHAPE
          + ", the phase numbered from 1 in train.schedule, e.g. schedule-1-at");
      return null;
    }
    Optional<PhaseKnob> knob = PhaseKnob.byKey(m.group(2));
    if (knob.isEmpty()) {
      r.add(v.origin(), path, KnownKeys.unknown("unknown phase knob", m.group(2), PhaseKnob.keys()));
      return null;
    }
    int index;
    try {
      index = Integer.parseInt(m.group(1));
    } catch (NumberFormatException e) {
      index = 0;
    }
    if (index < 1) {
      r.add(v.origin(), path, "phases are numbered from 1 (the first of train.schedule)");
      return null;
    }
    return new Axis.PhaseField(index, knob.get());
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
