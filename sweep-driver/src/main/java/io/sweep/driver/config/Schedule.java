package io.sweep.driver.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.sweep.worker.spec.Phase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A training schedule as the sweep file gives it ({@code train.schedule}): phases in order, each
 * the knobs it sets, {@code at} first. Its {@link #canonical()} text is the value of the {@link
 * Parameter#SCHEDULE} parameter (the {@code schedule} column, hashed into the run id when not
 * empty): compact JSON with the knobs in {@link PhaseKnob} order and numbers in {@link
 * Values#canonical} form, e.g. {@code [{"at":20000,"lr":0.01},{"at":39000,"batch-size":"full",
 * "label-noise":0}]}; {@code []} for no schedule. A batch size {@code full} stays {@code full}
 * here and is resolved to the run's n only in its spec ({@link #phases(int)}).
 */
public record Schedule(List<Map<PhaseKnob, Object>> phaseKnobs) {

  /** The canonical text of no schedule: the neutral value of {@link Parameter#SCHEDULE}. */
  public static final String NONE = "[]";

  public Schedule {
    List<Map<PhaseKnob, Object>> copy = new ArrayList<>();
    for (Map<PhaseKnob, Object> p : phaseKnobs) {
      EnumMap<PhaseKnob, Object> m = new EnumMap<>(PhaseKnob.class);
      m.putAll(p);
      copy.add(Collections.unmodifiableMap(m));
    }
    phaseKnobs = List.copyOf(copy);
  }

  /** Number of phases. */
  public int size() {
    return phaseKnobs.size();
  }

  /** This schedule with knob {@code knob} of phase {@code phase} (1-based) set to {@code value}. */
  public Schedule with(int phase, PhaseKnob knob, Object value) {
    List<Map<PhaseKnob, Object>> copy = new ArrayList<>(phaseKnobs);
    EnumMap<PhaseKnob, Object> m = new EnumMap<>(PhaseKnob.class);
    m.putAll(copy.get(phase - 1));
    m.put(knob, value);
    copy.set(phase - 1, m);
    return new Schedule(copy);
  }

  /** The canonical JSON text (see the class comment). */
  public String canonical() {
    return phaseKnobs.stream()
        .map(p -> p.entrySet().stream()
            .map(e -> "\"" + e.getKey().key() + "\":" + json(e.getValue()))
            .collect(Collectors.joining(",", "{", "}")))
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static String json(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : Values.canonical(value);
  }

  /**
   * The worker's phases for a run of {@code samples} training samples ({@code full} batch sizes
   * resolved to it).
   */
  public List<Phase> phases(int samples) {
    List<Phase> out = new ArrayList<>();
    for (Map<PhaseKnob, Object> p : phaseKnobs) {
      Object b = p.get(PhaseKnob.BATCH_SIZE);
      Integer batch = b == null ? null : Parameter.FULL.equals(b) ? samples : (Integer) b;
      out.add(new Phase(((Number) p.get(PhaseKnob.AT)).longValue(), (Double) p.get(PhaseKnob.LR),
          batch, (Double) p.get(PhaseKnob.LABEL_NOISE), (Double) p.get(PhaseKnob.MOMENTUM)));
    }
    return out;
  }

  /** Parses {@link #canonical()} text back (as stored in a run's values or its row). */
  public static Schedule parse(String canonical) {
    Objects.requireNonNull(canonical, "canonical");
    if (canonical.equals(NONE)) {
      return new Schedule(List.of());
    }
    List<Map<PhaseKnob, Object>> phases = new ArrayList<>();
    for (ConfigValue v : ConfigFactory.parseString("s = " + canonical).getList("s")) {
      EnumMap<PhaseKnob, Object> m = new EnumMap<>(PhaseKnob.class);
      for (Map.Entry<String, ConfigValue> e : ((ConfigObject) v).entrySet()) {
        PhaseKnob knob = PhaseKnob.byKey(e.getKey()).orElseThrow(
            () -> new IllegalArgumentException("unknown phase knob in schedule " + canonical));
        Object value = knob.parameter().allowsFull() && Parameter.FULL.equals(e.getValue().unwrapped())
            ? Parameter.FULL
            : Values.convert(e.getValue(), knob.parameter().type()).orElseThrow(
                () -> new IllegalArgumentException("bad value of " + knob.key() + " in " + canonical));
        m.put(knob, value);
      }
      phases.add(m);
    }
    return new Schedule(phases);
  }
}
