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
 */
public record Axis(Parameter parameter, List<Object> values, String origin) {

  public Axis {
    Objects.requireNonNull(parameter, "parameter");
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("axis " + parameter.key() + " has no values");
    }
  }

  /** The values as they are written in tables and messages. */
  public String describeValues() {
    return values.stream().map(Values::canonical).collect(Collectors.joining(", "));
  }
}
