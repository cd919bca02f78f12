package io.sweep.worker.diagnose;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;

/**
 * The network on a whole sample set at once, layer by layer as matrix products (OpenBLAS {@link
 * Gemm}): Hˡ = σ(Hˡ⁻¹ Wˡᵀ + bˡ), F = Hᴸ Aᵀ + c. {@link #meanSquaredError} is {@link
 * Diagnostics#meanSquaredError}'s number (to ≈ 1e-15 relative: the same terms, summed in another
 * order) for a fraction of its time; the trajectory's test loss at every log point (issue 17).
 *
 * <p>Stateless and thread-safe.
 */
public final class Evaluation {

  private Evaluation() {}

  /** (1/(n·k)) Σᵢ Σₒ (fₒ(xᵢ) − yᵢₒ)², as {@link Diagnostics#meanSquaredError}. */
  public static double meanSquaredError(NetworkParameters p, Samples samples) {
    Diagnostics.checkOutputs(p, samples);
    if (samples.d() != p.inputDim()) {
      throw new IllegalArgumentException(
          "data have dimension " + samples.d() + ", the network " + p.inputDim());
    }
    int n = samples.n();
    int k = samples.k();
    double[] f = outputs(p, samples.x(), n);
    double[] y = samples.y();
    double sum = 0;
    for (int i = 0; i < f.length; i++) {
      double e = f[i] - y[i];
      sum += e * e;
    }
    return sum / ((double) n * k);
  }

  /** F (n × k, row-major) of the n inputs (n × d, row-major) in {@code x}. */
  static double[] outputs(NetworkParameters p, double[] x, int n) {
    int m = p.width();
    Activation sigma = p.activation();
    double[] h = x;
    for (int l = 0; l < p.depth(); l++) {
      double[] z = new double[Math.multiplyExact(n, m)];
      Gemm.multiply(false, true, n, m, p.fanIn(l), h, p.weights()[l], z);
      double[] b = p.biases()[l];
      for (int i = 0; i < n; i++) {
        int row = i * m;
        for (int j = 0; j < m; j++) {
          z[row + j] = sigma.apply(z[row + j] + b[j]);
        }
      }
      h = z;
    }
    int k = p.outputDim();
    double[] f = new double[n * k];
    Gemm.multiply(false, true, n, k, m, h, p.a(), f);
    double[] c = p.outputBias();
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < k; o++) {
        f[i * k + o] += c[o];
      }
    }
    return f;
  }
}
