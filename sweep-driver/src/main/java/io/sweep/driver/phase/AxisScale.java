package io.sweep.driver.phase;

import java.util.Arrays;

/**
 * Axis arithmetic of a heatmap: whether values are log-spaced, and where the edges of the cells
 * around a set of (possibly irregular, e.g. refined) values lie.
 */
public final class AxisScale {
  private AxisScale() {}

  /**
   * Whether the distinct values look log-spaced: all positive and spanning a factor of 20 or more
   * (a refined grid is dense near its boundary, whatever its original spacing), or their gaps more
   * even on a log scale than on a linear one (three or more values), or spanning a factor of 5 (two).
   */
  public static boolean isLogSpaced(double[] values) {
    double[] v = distinct(values);
    if (v.length < 2 || v[0] <= 0) {
      return false;
    }
    if (v.length == 2 || v[v.length - 1] / v[0] >= 20) {
      return v[v.length - 1] / v[0] >= 5;
    }
    double[] linear = new double[v.length - 1];
    double[] log = new double[v.length - 1];
    for (int i = 0; i + 1 < v.length; i++) {
      linear[i] = v[i + 1] - v[i];
      log[i] = Math.log(v[i + 1]) - Math.log(v[i]);
    }
    return spread(log) < spread(linear);
  }

  /**
   * The edges of the cells around sorted distinct values: midpoints between neighbours (geometric
   * on a log axis), the outer edges mirrored. Returns {@code values.length + 1} edges; one value
   * gets a cell of ±50% (log) or ±0.5 (linear, or ±50% of a non-zero value).
   */
  public static double[] edges(double[] sortedDistinct, boolean log) {
    int n = sortedDistinct.length;
    double[] e = new double[n + 1];
    if (n == 1) {
      double v = sortedDistinct[0];
      if (log) {
        e[0] = v / 1.5;
        e[1] = v * 1.5;
      } else {
        double half = v == 0 ? 0.5 : Math.abs(v) * 0.5;
        e[0] = v - half;
        e[1] = v + half;
      }
      return e;
    }
    for (int i = 1; i < n; i++) {
      e[i] = mid(sortedDistinct[i - 1], sortedDistinct[i], log);
    }
    e[0] = log ? sortedDistinct[0] * sortedDistinct[0] / e[1] : 2 * sortedDistinct[0] - e[1];
    e[n] = log ? sortedDistinct[n - 1] * sortedDistinct[n - 1] / e[n - 1] : 2 * sortedDistinct[n - 1] - e[n - 1];
    return e;
  }

  /** The midpoint of two values: geometric on a log axis, arithmetic otherwise. */
  public static double mid(double a, double b, boolean log) {
    return log ? Math.sqrt(a * b) : (a + b) / 2;
  }

  /** Where {@code v} lies between {@code lo} and {@code hi}, 0 to 1, on the axis's scale. */
  public static double position(double v, double lo, double hi, boolean log) {
    return log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
  }

  /** Sorted distinct values. */
  public static double[] distinct(double[] values) {
    return Arrays.stream(values).distinct().sorted().toArray();
  }

  /** Coefficient of variation of positive gaps. */
  private static double spread(double[] gaps) {
    double mean = Intervals.mean(gaps);
    double ss = 0;
    for (double g : gaps) {
      ss += (g - mean) * (g - mean);
    }
    return Math.sqrt(ss / gaps.length) / mean;
  }
}
