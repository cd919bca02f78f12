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
 * @param k labels per sample (outputs), ≥ 1
 * @param x inputs, row-major n × d: sample i, coordinate j is {@code x[i * d + j]}
 * @param y labels, row-major n × k: sample i, output c is {@code y[i * k + c]}
 */
public record Samples(int n, int d, int k, double[] x, double[] y) {

  /** Checks the shapes. */
  public Samples {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    if (n < 1 || d < 1 || k < 1) {
      throw new IllegalArgumentException(
          "n, d and k must be >= 1, got " + n + ", " + d + ", " + k);
    }
    if (x.length != (long) n * d || y.length != (long) n * k) {
      throw new IllegalArgumentException(
          "expected x of length n*d = " + (long) n * d + " and y of length "
              + (k == 1 ? "n = " : "n*k = ") + (long) n * k + ", got " + x.length + " and "
              + y.length);
    }
  }

  /** Samples with one label each (y of length n). */
  public Samples(int n, int d, double[] x, double[] y) {
    this(n, d, 1, x, y);
  }

  /**
   * The variance of the labels, (1/n) Σᵢ (yᵢ − ȳ)² (population variance, divided by n), averaged
   * over the k outputs: the loss (mean over all n·k entries) of the best constant predictor, the
   * scale of the interpolation threshold (SCIENCE.md, "interpolated").
   */
  public double labelVariance() {
    double total = 0;
    for (int c = 0; c < k; c++) {
      total += Columns.meanAndVariance(y, k, c)[1];
    }
    return total / k;
  }

}
