package io.sweep.driver.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses {@code train.schedule}: a list of phases, each an object of {@link PhaseKnob}s with
 * {@code at} required, every knob typed and checked as its parameter. The rules over several
 * phases and other settings (order, steps, samples, a phase that changes nothing once the grid's
 * phase axes are counted) are {@link CrossFieldRules}'.
 */
final class ScheduleParser {
  /** What a schedule looks like, for messages. */
  static final String EXAMPLE = "[{at = 20000, lr = 0.01}, {at = 39000, label-noise = 0, batch-size = full}]";

  private ScheduleParser() {}

  /** The canonical text of the schedule ({@link Schedule#canonical()}), or null on problems. */
  static String parse(ConfigReader r, ConfigValue v, String path) {
    if (v.valueType() != ConfigValueType.LIST) {
      r.add(v.origin(), path, "must be a list of phases, e.g. " + EXAMPLE + "; got "
          + ConfigReader.render(v));
      return null;
    }
    ConfigList list = (ConfigList) v;
    List<Map<PhaseKnob, Object>> phases = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < list.size(); i++) {
      String at = path + "[" + i + "]";
      ConfigValue item = list.get(i);
      if (item.valueType() != ConfigValueType.OBJECT) {
        r.add(item.origin(), at, "a phase must be an object {at = STEP, KNOB = VALUE, ...}, got "
            + ConfigReader.render(item));
        ok = false;
        continue;
      }
      Map<PhaseKnob, Object> knobs = phase(r, (ConfigObject) item, at);
      if (knobs == null) {
        ok = false;
      } else {
        phases.add(knobs);
      }
    }
    return ok ? new Schedule(phases).canonical() : null;
  }

  private static Map<PhaseKnob, Object> phase(ConfigReader r, ConfigObject o, String path) {
    EnumMap<PhaseKnob, Object> knobs = new EnumMap<>(PhaseKnob.class);
    boolean ok = true;
    for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
      Optional<PhaseKnob> knob = PhaseKnob.byKey(e.getKey());
      if (knob.isEmpty()) {
        r.add(e.getValue().origin(), path + "." + e.getKey(),
            KnownKeys.unknown("unknown phase knob", e.getKey(), PhaseKnob.keys()));
        ok = false;
        continue;
      }
      Object value = r.typed(knob.get().parameter(), e.getValue(), path + "." + e.getKey());
      if (value == null) {
        ok = false;
      } else {
        knobs.put(knob.get(), value);
      }
    }
    if (!knobs.containsKey(PhaseKnob.AT) && ok) {
      r.add(o.origin(), path + ".at",
          "required: the number of steps after which the phase starts, e.g. {at = 20000, lr = 0.01}");
      ok = false;
    }
    return ok ? knobs : null;
  }
}
