package io.sweep.worker.diagnose;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import java.util.SplittableRandom;

/** Seeded random networks and data sets for the diagnostics tests. */
final class TestNets {

  private TestNets() {}

  /** A network with N(0, 1/d) first-layer weights, N(0, 1/m) output weights, N(0, 0.25) biases. */
  static NetworkParameters random(Activation activation, boolean bias, int m, int d, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] w = new double[m * d];
    double[] b = new double[m];
    double[] a = new double[m];
    for (int i = 0; i < w.length; i++) {
      w[i] = rng.nextGaussian() / Math.sqrt(d);
    }
    for (int j = 0; j < m; j++) {
      a[j] = rng.nextGaussian() / Math.sqrt(m);
      if (bias) {
        b[j] = 0.5 * rng.nextGaussian();
      }
    }
    double c = bias ? 0.5 * rng.nextGaussian() : 0;
    return new NetworkParameters(m, d, activation, bias, w, b, a, c);
  }

  /**
   * A network of depth L with N(0, 1/fan-in) weights, N(0, 1/m) output weights, N(0, 0.25) biases
   * (and c); at depth 1 with a trained output the draw of {@link #random(Activation, boolean, int,
   * int, long)}.
   */
  static NetworkParameters deep(
      Activation activation, boolean bias, boolean trainOutput, int depth, int m, int d,
      long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] weights = new double[depth][];
    double[][] biases = new double[depth][];
    double[] a = new double[m];
    for (int l = 0; l < depth; l++) {
      int fan = l == 0 ? d : m;
      weights[l] = new double[m * fan];
      biases[l] = new double[m];
      for (int i = 0; i < weights[l].length; i++) {
        weights[l][i] = rng.nextGaussian() / Math.sqrt(fan);
      }
    }
    for (int j = 0; j < m; j++) {
      a[j] = rng.nextGaussian() / Math.sqrt(m);
      if (bias) {
        for (int l = 0; l < depth; l++) {
          biases[l][j] = 0.5 * rng.nextGaussian();
        }
      }
    }
    double c = bias ? 0.5 * rng.nextGaussian() : 0;
    return new NetworkParameters(d, m, activation, bias, trainOutput, weights, biases, a, c);
  }

  /**
   * As {@link #deep(Activation, boolean, boolean, int, int, int, long)} with k outputs: the hidden
   * layers of that draw, then A (k × m) ~ N(0, 1/m) and c ~ N(0, 0.25) (with bias) from the same
   * stream.
   */
  static NetworkParameters deep(
      Activation activation, boolean bias, boolean trainOutput, int depth, int m, int d, int k,
      long seed) {
    NetworkParameters one = deep(activation, bias, trainOutput, depth, m, d, seed);
    SplittableRandom rng = new SplittableRandom(seed + 1);
    double[] a = new double[k * m];
    double[] c = new double[k];
    for (int i = 0; i < a.length; i++) {
      a[i] = rng.nextGaussian() / Math.sqrt(m);
    }
    for (int o = 0; o < k && bias; o++) {
      c[o] = 0.5 * rng.nextGaussian();
    }
    return one.with(one.weights(), one.biases(), a, c);
  }

  /**
   * n Gaussian inputs with k labels each: output o is sin(2x₀ + o) + (−1)ᵒ x₁ + noise (x₁ left out
   * when d = 1).
   */
  static Samples samples(int n, int d, int k, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[n * d];
    double[] y = new double[n * k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i * d + j] = rng.nextGaussian();
      }
      for (int o = 0; o < k; o++) {
        double x1 = d > 1 ? x[i * d + 1] : 0;
        y[i * k + o] = Math.sin(2 * x[i * d] + o) + (o % 2 == 0 ? x1 : -x1)
            + 0.3 * rng.nextGaussian();
      }
    }
    return new Samples(n, d, k, x, y);
  }

  /** n Gaussian inputs labelled sin(2x₀) + x₁ + noise (x₁ left out when d = 1). */
  static Samples samples(int n, int d, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        x[i * d + k] = rng.nextGaussian();
      }
      y[i] = Math.sin(2 * x[i * d]) + (d > 1 ? x[i * d + 1] : 0) + 0.3 * rng.nextGaussian();
    }
    return new Samples(n, d, x, y);
  }

  static double relativeError(double estimate, double exact) {
    return Math.abs(estimate - exact) / Math.abs(exact);
  }
}
