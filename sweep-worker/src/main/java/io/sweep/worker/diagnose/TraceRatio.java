package io.sweep.worker.diagnose;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;

/**
 * Gatmiry, Li, Reddi &amp; Jegelka's sharpness ratio R = Tr H / Tr H* (SCIENCE.md, "Gatmiry's
 * sharpness ratio"; docs/metrics.md) for their model: one hidden layer, f(x) = Σⱼ φ(wⱼᵀx), output
 * weights frozen at 1, no biases, one output, φ with φ′ &gt; 0 and φ‴ &gt; 0.
 *
 * <pre>{@code
 * Tr H  = (2/n) Σᵢ ‖xᵢ‖² Σⱼ φ′(wⱼᵀxᵢ)²            the Gauss–Newton trace of the engine's loss
 *                                                 (1/n) Σᵢ rᵢ² (no ½; the paper's ½-loss halves
 *                                                 both traces, R is the same)
 * Tr H* = (2/n) m Σᵢ ‖xᵢ‖² φ′(φ⁻¹(yᵢ/m))²         its minimum over the zero-loss manifold, where
 *                                                 every neuron has zᵢ = φ⁻¹(yᵢ/m) (Jensen)
 * }</pre>
 *
 * On the manifold R ≥ 1, with equality exactly when every neuron has the same pre-activations;
 * off it Tr H is the Gauss–Newton part and R may fall below 1. Activations: {@code cubic} φ(z) =
 * z + z³/3 (φ′ = 1 + z², φ⁻¹ by Cardano) and {@code linear} (R = 1 everywhere). NaN for every
 * other model.
 *
 * <p>Stateless and thread-safe.
 */
public final class TraceRatio {

  private TraceRatio() {}

  /** R of {@code p} on {@code train}; NaN outside the model or when Tr H* = 0. */
  public static double of(NetworkParameters p, Samples train) {
    if (!applies(p) || train.k() != 1) {
      return Double.NaN;
    }
    Activation phi = p.activation();
    int m = p.width();
    int d = p.inputDim();
    double[] w = p.w();
    double[] x = train.x();
    double trace = 0;
    double optimum = 0;
    for (int i = 0; i < train.n(); i++) {
      double norm = 0;
      for (int q = 0; q < d; q++) {
        norm += x[i * d + q] * x[i * d + q];
      }
      double sum = 0;
      for (int j = 0; j < m; j++) {
        double z = 0;
        for (int q = 0; q < d; q++) {
          z += w[j * d + q] * x[i * d + q];
        }
        double s = phi.derivative(z);
        sum += s * s;
      }
      double s = phi.derivative(inverse(phi, train.y()[i] / m));
      trace += norm * sum;
      optimum += norm * m * s * s;
    }
    return optimum > 0 ? trace / optimum : Double.NaN;
  }

  /** Whether R is defined for {@code p}: the model and activations described above. */
  public static boolean applies(NetworkParameters p) {
    if (p.depth() != 1 || p.trainOutput() || p.bias() || p.outputDim() != 1
        || !(p.activation() == Activation.CUBIC || p.activation() == Activation.LINEAR)) {
      return false;
    }
    for (double a : p.a()) {
      if (a != 1) {
        return false;
      }
    }
    return true;
  }

  /** φ⁻¹(t) for {@code cubic} and {@code linear}. */
  static double inverse(Activation phi, double t) {
    return switch (phi) {
      case LINEAR -> t;
      case CUBIC -> cubicInverse(t);
      default -> throw new IllegalArgumentException("no inverse for " + phi.label());
    };
  }

  /**
   * The real z with z + z³/3 = t: z³ + 3z − 3t = 0 has one real root (Cardano, p = 3 &gt; 0), z =
   * u − 1/u with u = ∛(3t/2 + √(9t²/4 + 1)) (the two cube roots multiply to −p/3 = −1); taken for
   * |t| and given t's sign, which avoids the cancellation of the textbook form, then one Newton
   * step.
   */
  static double cubicInverse(double t) {
    double a = Math.abs(t);
    double u = Math.cbrt(1.5 * a + Math.sqrt(2.25 * a * a + 1));
    double z = u - 1 / u;
    z -= (z + z * z * z / 3 - a) / (1 + z * z);
    return Math.copySign(z, t);
  }
}
