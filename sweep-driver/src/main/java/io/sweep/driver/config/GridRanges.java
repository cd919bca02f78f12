package io.sweep.driver.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Expands {@code {from, to, count, scale}} ranges into axis values. */
final class GridRanges {
  private GridRanges() {}

  /**
   * Evenly spaced values from {@code from} to {@code to} inclusive, in linear or log space. Integer
   * axes round to the nearest integer and drop repeats (so a log range of sample counts may have
   * fewer than {@code count} values). The end points are exact.
   */
  static List<Object> expand(Parameter.Type type, double from, double to, int count, boolean log) {
    LinkedHashSet<Object> values = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      double v;
      if (i == 0) {
        v = from;
      } else if (i == count - 1) {
        v = to;
      } else {
        double t = (double) i / (count - 1);
        v = log ? Math.exp(Math.log(from) + t * (Math.log(to) - Math.log(from))) : from + t * (to - from);
        if (type == Parameter.Type.DOUBLE) {
          v = roundSignificant(v);
        }
      }
      values.add(
          switch (type) {
            case INT -> (int) Math.round(v);
            case LONG -> Math.round(v);
            default -> v;
          });
    }
    return new ArrayList<>(values);
  }

  /** 12 significant digits: ranges like 0.1..0.3 give 0.2, not 0.20000000000000004. */
  private static double roundSignificant(double v) {
    return new java.math.BigDecimal(v).round(new java.math.MathContext(12)).doubleValue();
  }
}
