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
    checkShape(p, samples);
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

  /**
   * ∇_θ of the training loss (1/(n·k)) Σᵢ Σₒ (fₒ(xᵢ) − yᵢₒ)² in the order of {@link
   * ParameterLayout}: {@link Diagnostics#loss}{@code (p, samples).gradient()}'s vector (the
   * trajectory's grad_norm, issue 17) by one forward and one backward pass over the whole sample
   * set, every product a {@link Gemm}:
   *
   * <pre>{@code
   * Zˡ = Hˡ⁻¹ Wˡᵀ + bˡ, Hˡ = σ(Zˡ);  R = Hᴸ Aᵀ + c − Y          (forward, H⁰ = X)
   * ∇A = Rᵀ Hᴸ, ∇c = 1ᵀR;  Δᴸ = (R A) ∘ σ'(Zᴸ)                  (× 2/(n·k))
   * ∇Wˡ = Δˡᵀ Hˡ⁻¹, ∇bˡ = 1ᵀΔˡ;  Δˡ⁻¹ = (Δˡ Wˡ) ∘ σ'(Zˡ⁻¹)
   * }</pre>
   *
   * <p>The same terms as the per-sample backpropagation of {@link TwoLayerMse} and {@link
   * NetworkMse}, summed in another order: near a minimum a gradient entry is a difference of much
   * larger terms, so the two agree to rounding of those terms (≈ 1e-15 of Σᵢ |terms|), not to
   * rounding of the entry itself.
   */
  public static double[] lossGradient(NetworkParameters p, Samples samples) {
    checkShape(p, samples);
    int n = samples.n();
    int k = samples.k();
    int m = p.width();
    int depth = p.depth();
    double[][] hidden = new double[depth][];
    double[][] slope = new double[depth][];
    double[] h = hiddenLayers(p, samples.x(), n, hidden, slope);
    double[] r = new double[n * k];
    Gemm.multiply(false, true, n, k, m, h, p.a(), r);
    double[] c = p.outputBias();
    double[] y = samples.y();
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < k; o++) {
        r[i * k + o] += c[o] - y[i * k + o];
      }
    }
    double[] g = new double[p.count()];
    if (p.trainOutput()) {
      double[] ga = new double[k * m];
      Gemm.multiply(true, false, k, m, n, r, h, ga);
      System.arraycopy(ga, 0, g, ParameterLayout.outputOffset(p), ga.length);
      if (p.bias()) {
        Gemm.columnSums(r, n, k, g, ParameterLayout.outputBiasOffset(p));
      }
    }
    double[] delta = new double[n * m];
    Gemm.multiply(false, false, n, m, k, r, p.a(), delta);
    for (int l = depth - 1; l >= 0; l--) {
      double[] s = slope[l];
      for (int i = 0; i < delta.length; i++) {
        delta[i] *= s[i];
      }
      int fan = p.fanIn(l);
      double[] gw = new double[m * fan];
      Gemm.multiply(true, false, m, fan, n, delta, l == 0 ? samples.x() : hidden[l - 1], gw);
      System.arraycopy(gw, 0, g, ParameterLayout.weightOffset(p, l), gw.length);
      if (p.bias()) {
        Gemm.columnSums(delta, n, m, g, ParameterLayout.biasOffset(p, l));
      }
      if (l > 0) {
        double[] below = new double[n * m];
        Gemm.multiply(false, false, n, m, m, delta, p.weights()[l], below);
        delta = below;
      }
    }
    double scale = 2.0 / ((double) n * k);
    for (int i = 0; i < g.length; i++) {
      g[i] *= scale;
    }
    return g;
  }

  /**
   * The forward pass through the hidden layers, Hˡ = σ(Hˡ⁻¹ Wˡᵀ + bˡ) with H⁰ = x (n rows), one
   * {@link Gemm} a layer; returns Hᴸ. When {@code layers} and {@code slopes} are given (the
   * backward pass needs them), layer l's Hˡ and σ'(Zˡ) are kept there.
   */
  private static double[] hiddenLayers(NetworkParameters p, double[] x, int n, double[][] layers,
      double[][] slopes) {
    int m = p.width();
    Activation sigma = p.activation();
    double[] h = x;
    for (int l = 0; l < p.depth(); l++) {
      double[] z = new double[Math.multiplyExact(n, m)];
      Gemm.multiply(false, true, n, m, p.fanIn(l), h, p.weights()[l], z);
      double[] b = p.biases()[l];
      double[] s = slopes == null ? null : new double[z.length];
      for (int i = 0; i < n; i++) {
        int row = i * m;
        for (int j = 0; j < m; j++) {
          double zij = z[row + j] + b[j];
          z[row + j] = sigma.apply(zij);
          if (s != null) {
            s[row + j] = sigma.derivative(zij);
          }
        }
      }
      if (layers != null) {
        layers[l] = z;
        slopes[l] = s;
      }
      h = z;
    }
    return h;
  }

  /** Shape check: the samples have the network's input dimension and outputs. */
  private static void checkShape(NetworkParameters p, Samples samples) {
    Diagnostics.checkOutputs(p, samples);
    if (samples.d() != p.inputDim()) {
      throw new IllegalArgumentException(
          "data have dimension " + samples.d() + ", the network " + p.inputDim());
    }
  }

  /** F (n × k, row-major) of the n inputs (n × d, row-major) in {@code x}. */
  static double[] outputs(NetworkParameters p, double[] x, int n) {
    int m = p.width();
    double[] h = hiddenLayers(p, x, n, null, null);
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
