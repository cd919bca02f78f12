package io.sweep.worker.diagnose;

import io.sweep.worker.data.Samples;
import io.sweep.worker.data.TeacherStudent;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Sampling;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The metrics that measure what the theory measures (issue #16; SCIENCE.md, "Metric definitions";
 * docs/metrics.md), in double precision. Appended to {@link DiagnosticsResult} as one component.
 *
 * <pre>{@code
 * Z = W¹Xᵀ + b¹1ᵀ                      m × n pre-activations of the first hidden layer on the
 *                                      training inputs (b¹ = 0 without bias); φ(Z) elementwise
 * feature_*     / activation_*         RankMetrics of Z / of φ(Z) (stable rank Σs²/s₁², effective
 *                                      rank exp(−Σ pᵢ log pᵢ), pᵢ = sᵢ/Σs, top fraction s₁²/Σs²)
 * neuron_spread                        ‖Z − 1 z̄ᵀ‖F / ‖Z‖F, z̄ = (1/m) Σⱼ Zⱼ· the mean neuron row
 * grad_norm                            ‖∇L(θ)‖₂ of the full training loss (Diagnostics.loss)
 * excess_risk                          (1/n_test) Σᵢ ‖f(xᵢ) − f*(xᵢ)‖² / k, f* the noiseless
 *                                      teacher; NaN (null) for data without a teacher
 * balancedness_mean_abs / _max_abs     mean / max over last-hidden-layer neurons j of |δⱼ|, divided
 *                                      by the mean over j of ‖θⱼ‖²; δⱼ = ‖wⱼ‖² (+ bⱼ²) − ‖A·ⱼ‖²,
 *                                      ‖θⱼ‖² = ‖wⱼ‖² (+ bⱼ²) + ‖A·ⱼ‖², wⱼ row j of Wᴸ
 * weight_norm                          ‖θ‖₂ over the trained parameters (those of the Hessian)
 * converged                            grad_norm ≤ τ_g and the last w logged training losses
 *                                      have (max − min) / max ≤ τ_ℓ or are all ≤ τ_a · the step-0
 *                                      loss (null when fewer than 2 points)
 * max_loss_ratio                       max over logged training losses / the loss at the first
 *                                      logged point (step 0)
 * frobenius_bound_ratio_eff            η‖H‖F / √B_eff, B_eff = B with replacement,
 *                                      B(n − 1)/(n − B) without (NaN at B ≥ n: no batch noise)
 * }</pre>
 *
 * <p>Every double is NaN where undefined (stored as null). Stateless.
 */
public record TheoryMetrics(
    double featureStableRank,
    double featureEffectiveRank,
    double featureTopSingularFraction,
    double activationStableRank,
    double activationEffectiveRank,
    double activationTopSingularFraction,
    double neuronSpread,
    double gradNorm,
    double excessRisk,
    double balancednessMeanAbs,
    double balancednessMaxAbs,
    double weightNorm,
    Boolean converged,
    double maxLossRatio,
    double frobeniusBoundRatioEff)
    implements Serializable {

  /** Nothing defined (a network with a non-finite parameter). */
  public static final TheoryMetrics UNDEFINED = new TheoryMetrics(Double.NaN, Double.NaN,
      Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
      Double.NaN, Double.NaN, Double.NaN, null, Double.NaN, Double.NaN);

  /**
   * The metrics of {@code p} that need no trajectory (converged, max_loss_ratio and
   * frobenius_bound_ratio_eff left undefined; see {@link #withRun}).
   *
   * @param teacher the noiseless teacher, or null (excess risk NaN)
   */
  public static TheoryMetrics of(NetworkParameters p, Samples train, Samples test,
      TeacherStudent teacher) {
    boolean finite = Diagnostics.finite(p);
    return of(p, train, test, teacher, finite ? Diagnostics.loss(p, train) : null,
        finite ? Evaluation.outputs(p, test.x(), test.n()) : null);
  }

  /**
   * As {@link #of(NetworkParameters, Samples, Samples, TeacherStudent)}, taking grad_norm from a
   * training loss the caller has built already ({@link Diagnostics#loss}; building it evaluates
   * the network on every training sample) and the network's outputs on the test inputs ({@link
   * Evaluation#outputs}).
   */
  static TheoryMetrics of(NetworkParameters p, Samples train, Samples test,
      TeacherStudent teacher, TwiceDifferentiable loss, double[] testOutputs) {
    Objects.requireNonNull(p, "p");
    if (!Diagnostics.finite(p)) {
      return UNDEFINED;
    }
    int m = p.width();
    int n = train.n();
    double[] z = preActivations(p, train);
    double[] phi = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      phi[i] = p.activate(z[i]);
    }
    RankMetrics fz = RankMetrics.of(z, m, n);
    RankMetrics fphi = RankMetrics.of(phi, m, n);
    double[] bal = balancedness(p);
    return new TheoryMetrics(fz.stableRank(), fz.effectiveRank(), fz.topSingularFraction(),
        fphi.stableRank(), fphi.effectiveRank(), fphi.topSingularFraction(),
        neuronSpread(z, m, n), norm(loss.gradient()),
        teacher == null ? Double.NaN : excessRisk(testOutputs, test, teacher), bal[0], bal[1],
        weightNorm(p), null, Double.NaN, Double.NaN);
  }

  /**
   * These metrics completed with the run's trajectory and batch rule.
   *
   * @param losses          the logged training losses in step order (the first at step 0)
   * @param spec            the tolerances τ_g, τ_ℓ and the window w
   * @param lr              η
   * @param batchSize       B
   * @param n               training samples
   * @param sampling        the batch rule
   * @param hessianFrobenius ‖H‖F at the end
   */
  public TheoryMetrics withRun(List<Double> losses, DiagnosticsSpec spec, double lr,
      int batchSize, int n, Sampling sampling, double hessianFrobenius) {
    return new TheoryMetrics(featureStableRank, featureEffectiveRank, featureTopSingularFraction,
        activationStableRank, activationEffectiveRank, activationTopSingularFraction, neuronSpread,
        gradNorm, excessRisk, balancednessMeanAbs, balancednessMaxAbs, weightNorm,
        converged(gradNorm, losses, spec), maxLossRatio(losses),
        frobeniusBoundRatioEff(lr, hessianFrobenius, batchSize, n, sampling));
  }

  /** η‖H‖F / √B_eff; NaN where the batch rule has no noise (B_eff infinite). */
  public static double frobeniusBoundRatioEff(double lr, double hessianFrobenius, int batchSize,
      int n, Sampling sampling) {
    double b = effectiveBatch(batchSize, n, sampling);
    return Double.isInfinite(b) ? Double.NaN : lr * hessianFrobenius / Math.sqrt(b);
  }

  /** Z = W¹Xᵀ + b¹1ᵀ, m × n row-major (neuron j's pre-activation on sample i at j·n + i). */
  public static double[] preActivations(NetworkParameters p, Samples train) {
    int m = p.width();
    int n = train.n();
    double[] z = new double[Math.multiplyExact(m, n)];
    Gemm.multiply(false, true, m, n, p.inputDim(), p.w(), train.x(), z);
    double[] b = p.b();
    for (int j = 0; j < m; j++) {
      for (int i = 0; i < n; i++) {
        z[j * n + i] += b[j];
      }
    }
    return z;
  }

  /** ‖Z − 1 z̄ᵀ‖F / ‖Z‖F of an m × n row-major Z; NaN for Z = 0. */
  public static double neuronSpread(double[] z, int m, int n) {
    double total = 0;
    double spread = 0;
    for (int i = 0; i < n; i++) {
      double mean = 0;
      for (int j = 0; j < m; j++) {
        mean += z[j * n + i];
      }
      mean /= m;
      for (int j = 0; j < m; j++) {
        double v = z[j * n + i];
        total += v * v;
        spread += (v - mean) * (v - mean);
      }
    }
    return total > 0 ? Math.sqrt(spread / total) : Double.NaN;
  }

  /**
   * (1/n) Σᵢ Σₒ (fₒ(xᵢ) − yₒ*(xᵢ))² / k over the test inputs, y* the noiseless label c·(f* + b)
   * (label scale and teacher offset included); NaN with uniform labels (no teacher). {@code
   * outputs}: the network's n_test × k outputs ({@link Evaluation#outputs}).
   */
  static double excessRisk(double[] outputs, Samples test, TeacherStudent teacher) {
    int k = test.k();
    double sum = 0;
    for (int i = 0; i < test.n(); i++) {
      for (int o = 0; o < k; o++) {
        double e = outputs[i * k + o] - teacher.noiselessLabel(o, test.x(), i * test.d());
        sum += e * e;
      }
    }
    return sum / ((double) test.n() * k);
  }

  /** {mean |δⱼ|, max |δⱼ|} / mean ‖θⱼ‖² over the last hidden layer; NaN for a zero layer. */
  static double[] balancedness(NetworkParameters p) {
    int m = p.width();
    int last = p.depth() - 1;
    int in = p.fanIn(last);
    double[] w = p.weights()[last];
    double[] b = p.biases()[last];
    int k = p.outputDim();
    double sumAbs = 0;
    double maxAbs = 0;
    double sumNorm = 0;
    for (int j = 0; j < m; j++) {
      double incoming = p.bias() ? b[j] * b[j] : 0;
      for (int q = 0; q < in; q++) {
        incoming += w[j * in + q] * w[j * in + q];
      }
      double outgoing = 0;
      for (int o = 0; o < k; o++) {
        outgoing += p.a()[o * m + j] * p.a()[o * m + j];
      }
      double delta = Math.abs(incoming - outgoing);
      sumAbs += delta;
      maxAbs = Math.max(maxAbs, delta);
      sumNorm += incoming + outgoing;
    }
    if (!(sumNorm > 0)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double meanNorm = sumNorm / m;
    return new double[] {sumAbs / m / meanNorm, maxAbs / meanNorm};
  }

  /** ‖θ‖ over the trained parameters: every Wˡ, the b's with bias, A (and c) when trained. */
  static double weightNorm(NetworkParameters p) {
    double ss = 0;
    for (int l = 0; l < p.depth(); l++) {
      ss += squares(p.weights()[l]);
      if (p.bias()) {
        ss += squares(p.biases()[l]);
      }
    }
    if (p.trainOutput()) {
      ss += squares(p.a());
      if (p.bias()) {
        ss += squares(p.outputBias());
      }
    }
    return Math.sqrt(ss);
  }

  /**
   * Converged: grad_norm ≤ τ_g and the last min(w, size) logged losses have (max − min) / max ≤
   * τ_ℓ, or are all at most τ_a times the first logged loss (step 0): at float32's loss floor the
   * relative change of consecutive losses is noise, not motion. Null with fewer than 2 logged
   * losses or a NaN gradient.
   */
  public static Boolean converged(double gradNorm, List<Double> losses, DiagnosticsSpec spec) {
    if (losses == null || losses.size() < 2 || Double.isNaN(gradNorm)) {
      return null;
    }
    int from = Math.max(0, losses.size() - spec.convergenceWindow());
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (double v : losses.subList(from, losses.size())) {
      if (!Double.isFinite(v)) {
        return false;
      }
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    double floor = spec.lossFloor() * losses.get(0);
    double change = max > 0 && !(max <= floor) ? (max - min) / max : 0;
    return gradNorm <= spec.gradientTolerance() && change <= spec.lossChangeTolerance();
  }

  /** max over the logged losses / the first one; NaN when empty or the first is not > 0. */
  public static double maxLossRatio(List<Double> losses) {
    if (losses == null || losses.isEmpty() || !(losses.get(0) > 0)) {
      return Double.NaN;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : losses) {
      max = Double.isNaN(v) ? Double.POSITIVE_INFINITY : Math.max(max, v);
    }
    return max / losses.get(0);
  }

  /**
   * B_eff: B with replacement; B(n − 1)/(n − B) without (the minibatch-gradient covariance is
   * scaled by (n − B)/(B(n − 1))); +∞ (no batch noise) without replacement at B ≥ n.
   */
  public static double effectiveBatch(int batchSize, int n, Sampling sampling) {
    if (sampling == Sampling.WITH_REPLACEMENT) {
      return batchSize;
    }
    return batchSize >= n ? Double.POSITIVE_INFINITY
        : (double) batchSize * (n - 1) / (n - batchSize);
  }

  static double norm(double[] v) {
    return Math.sqrt(squares(v));
  }

  private static double squares(double[] v) {
    double ss = 0;
    for (double x : v) {
      ss += x * x;
    }
    return ss;
  }
}
