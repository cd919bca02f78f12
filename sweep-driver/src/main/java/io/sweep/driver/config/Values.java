package io.sweep.driver.config;

import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.util.Optional;

/** Typed conversion of config values, and their canonical text (for run ids and display). */
public final class Values {
  private Values() {}

  /**
   * The canonical text of a typed value: numbers without trailing zeros or exponent artefacts, so
   * {@code 0.001}, {@code 1e-3} and {@code 0.0010} all read {@code 0.001}, and {@code 2.0} reads
   * {@code 2}.
   */
  public static String canonical(Object value) {
    if (value instanceof Double d) {
      if (d == 0.0) {
        return "0"; // also folds -0.0
      }
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }

  /** Where a value came from, as {@code file:line} (or the description of a non-file origin). */
  public static String describe(ConfigOrigin origin) {
    if (origin == null) {
      return "";
    }
    if (origin.filename() != null && origin.lineNumber() > 0) {
      return origin.filename() + ":" + origin.lineNumber();
    }
    if (origin.resource() != null && origin.lineNumber() > 0) {
      return origin.resource() + ":" + origin.lineNumber();
    }
    String description = origin.description();
    // Typesafe appends ": <line>" to non-file origins; a one-line --set argument needs no line.
    if (description.startsWith(ConfigLoader.OVERRIDE_ORIGIN)
        && origin.lineNumber() == 1
        && description.endsWith(": 1")) {
      return description.substring(0, description.length() - ": 1".length());
    }
    return description;
  }

  /**
   * Converts a config value to the Java type of a parameter.
   *
   * @return the value (Integer, Long, Double, Boolean or String), or empty when it has the wrong
   *     type
   */
  public static Optional<Object> convert(ConfigValue value, Parameter.Type type) {
    Object raw = value.unwrapped();
    ConfigValueType vt = value.valueType();
    try {
      return switch (type) {
        case DOUBLE -> {
          if (vt == ConfigValueType.NUMBER) {
            yield Optional.of(((Number) raw).doubleValue());
          }
          yield vt == ConfigValueType.STRING
              ? Optional.of(Double.parseDouble(((String) raw).trim()))
              : Optional.empty();
        }
        case INT, LONG -> {
          BigDecimal exact = exactNumber(raw, vt);
          if (exact == null) {
            yield Optional.empty();
          }
          long l = exact.longValueExact(); // throws for fractions and overflow
          if (type == Parameter.Type.INT) {
            yield Optional.of(Math.toIntExact(l));
          }
          yield Optional.of(l);
        }
        case BOOLEAN -> {
          if (vt == ConfigValueType.BOOLEAN) {
            yield Optional.of(raw);
          }
          if (vt == ConfigValueType.STRING) {
            String s = ((String) raw).trim();
            if (s.equals("true") || s.equals("yes") || s.equals("on")) {
              yield Optional.of(true);
            }
            if (s.equals("false") || s.equals("no") || s.equals("off")) {
              yield Optional.of(false);
            }
          }
          yield Optional.empty();
        }
        case STRING -> vt == ConfigValueType.STRING ? Optional.of(raw) : Optional.empty();
      };
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static BigDecimal exactNumber(Object raw, ConfigValueType vt) {
    if (vt == ConfigValueType.NUMBER) {
      return new BigDecimal(raw.toString());
    }
    if (vt == ConfigValueType.STRING) {
      return new BigDecimal(((String) raw).trim());
    }
    return null;
  }
}
