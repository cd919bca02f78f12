package io.sweep.worker.data;

import java.util.Objects;

/**
 * A set of labelled samples: n inputs of dimension d and their labels.
 *
 * <p>The arrays are owned by the record and must be treated as read-only (they are not copied,
 * so that large data sets are not duplicated); record equality is therefore identity of the
 * arrays, compare contents with {@link java.util.Arrays#equals(double[], double[])}.
 *
 * @param n number of samples, ≥ 1
 * @param d input dimension, ≥ 1
 * @param x inputs, row-major n × d: sample i, coordinate k is {@code x[i * d + k]}
 * @param y labels, length n
 */
public record Samples(int n, int d, double[] x, double[] y) {

  /** Checks the shapes. */
  public Samples {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    if (n < 1 || d < 1) {
      throw new IllegalArgumentException("n and d must be >= 1, got " + n + ", " + d);
    }
    if (x.length != (long) n * d || y.length != n) {
      throw new IllegalArgumentException(
          "expected x of length n*d = " + (long) n * d + " and y of length n = " + n
              + ", got " + x.length + " and " + y.length);
    }
  }

  /**
   * The variance of the labels, (1/n) Σᵢ (yᵢ − ȳ)² (population variance, divided by n): the
   * loss of the best constant predictor, the scale of the interpolation threshold (SCIENCE.md,
   * "interpolated").
   */
  public double labelVariance() {
    double mean = 0;
    for (double v : y) {
      mean += v;
    }
    mean /= n;
    double ss = 0;
    for (double v : y) {
      ss += (v - mean) * (v - mean);
    }
    return ss / n;
  }
}
