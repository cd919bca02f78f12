package io.sweep.worker.diagnose;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.StepSettings;
import io.sweep.worker.spec.TrainSpec;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The end-of-run metrics of the stability and sharpness theories (issue #16; docs/metrics.md):
 *
 * <pre>{@code
 * mu_alignment         μ_min of Wu, Wang & Su ({@link SampleCurvature#alignmentFactor})
 * ms_stability_radius  ρ(T) on range(H), SGD's linearised second-moment map at the final
 *                      η, B and sampling rule ({@link SecondMomentMap}); ≤ 1 mean-square stable
 * wu_bound_ratio       η ‖H‖F √(μ_min · c), c = 1/B_eff: the theorem says ρ ≤ 1 ⇒ this ≤ 1
 *                      (indeed ρ ≥ this², below); NaN when c = 0 (no batch noise)
 * trace_ratio          R = Tr H / Tr H* of Gatmiry et al.'s model ({@link TraceRatio})
 * }</pre>
 *
 * H is the Gauss–Newton Hessian (1/n) Σᵢ hᵢ (exact at a zero-loss minimum, where the theory
 * applies). The first three are computed only when the parameter count P ≤ {@link
 * DiagnosticsSpec#stabilityMaxParams()} (cost O(n·k·P·min(n·k, P)) to reduce, then the power
 * iteration); ρ and the bound ratio also need plain SGD in the last stretch of the schedule (no
 * momentum, no weight decay), whose η and B they use. Every double is NaN where undefined (stored
 * as null).
 *
 * <p>Why ρ ≥ wu_bound_ratio²: with δ ∈ range(H), E‖δ′‖²_H = δᵀH(I − ηH)²δ + η²c·δᵀMδ ≥
 * η²c·μ_min‖H‖F²·δᵀHδ, so tr(H·T(Σ)) ≥ ratio²·tr(HΣ) for every PSD Σ on range(H).
 */
public record CurvatureMetrics(
    double muAlignment, double msStabilityRadius, double wuBoundRatio, double traceRatio)
    implements Serializable {

  /** Nothing defined. */
  public static final CurvatureMetrics UNDEFINED =
      new CurvatureMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /**
   * The metrics of a finite network {@code p} trained by {@code train} on {@code data}.
   *
   * @param maxParams the largest P for which μ and ρ are computed
   */
  public static CurvatureMetrics of(NetworkParameters p, Samples data, TrainSpec train,
      int maxParams) {
    Objects.requireNonNull(train, "train");
    double ratio = TraceRatio.of(p, data);
    if (p.count() > maxParams || !Diagnostics.finite(p)) {
      return new CurvatureMetrics(Double.NaN, Double.NaN, Double.NaN, ratio);
    }
    List<StepSettings> stretches = train.stretches();
    StepSettings last = stretches.get(stretches.size() - 1);
    SampleCurvature curvature = SampleCurvature.of(p, data);
    double mu = curvature.alignmentFactor();
    if (last.momentum() != 0 || train.weightDecay() != 0) {
      return new CurvatureMetrics(mu, Double.NaN, Double.NaN, ratio);
    }
    double noise = noise(last.batchSize(), data.n(), train.sampling());
    double rho = new SecondMomentMap(curvature, last.lr(), noise).spectralRadius();
    double bound = noise > 0
        ? last.lr() * curvature.frobenius() * Math.sqrt(mu * noise) : Double.NaN;
    return new CurvatureMetrics(mu, rho, bound, ratio);
  }

  /** c = 1/B_eff ({@link TheoryMetrics#effectiveBatch}): 0 without replacement at B ≥ n. */
  public static double noise(int batchSize, int n, io.sweep.worker.spec.Sampling sampling) {
    return 1 / TheoryMetrics.effectiveBatch(batchSize, n, sampling);
  }
}
