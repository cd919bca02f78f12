package io.sweep.driver.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One grid axis: a parameter and its values, in the order given (ranges already expanded).
 *
 * @param parameter the setting this axis varies
 * @param values    typed values (Integer, Long, Double, Boolean or String), distinct, at least one
 * @param origin    where the axis was declared, {@code file:line}
 * @param phase     for a phase axis ({@code schedule-N-KNOB}, parameter {@link
 *                  Parameter#SCHEDULE}): which knob of which phase it varies; null otherwise
 */
public record Axis(Parameter parameter, List<Object> values, String origin, PhaseField phase) {

  /**
   * One knob of one phase of {@code train.schedule}.
   *
   * @param index the phase, 1-based (its position in {@code train.schedule})
   * @param knob  the knob
   */
  public record PhaseField(int index, PhaseKnob knob) implements Comparable<PhaseField> {
    /** The axis name, e.g. {@code schedule-1-at}. */
    public String name() {
      return Parameter.SCHEDULE.key() + "-" + index + "-" + knob.key();
    }

    @Override
    public int compareTo(PhaseField o) {
      return index != o.index ? Integer.compare(index, o.index) : knob.compareTo(o.knob);
    }
  }

  public Axis {
    Objects.requireNonNull(parameter, "parameter");
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("axis " + parameter.key() + " has no values");
    }
    if ((phase != null) != (parameter == Parameter.SCHEDULE)) {
      throw new IllegalArgumentException("a phase axis varies the schedule, and only it does");
    }
  }

  /** An axis of a parameter's values. */
  public Axis(Parameter parameter, List<Object> values, String origin) {
    this(parameter, values, origin, null);
  }

  /** The axis name under {@code sweep.grid}: the parameter's key, or {@code schedule-N-KNOB}. */
  public String name() {
    return phase == null ? parameter.key() : phase.name();
  }

  /** Canonical order: by parameter, phase axes by phase, then knob. */
  static int compare(Axis a, Axis b) {
    int c = a.parameter.compareTo(b.parameter);
    if (c != 0 || a.phase == null) {
      return c;
    }
    return a.phase.compareTo(b.phase);
  }

  /** The values as they are written in tables and messages. */
  public String describeValues() {
    return values.stream().map(Values::canonical).collect(Collectors.joining(", "));
  }
}
