package io.sweep.worker.diagnose;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The diagnostics of one trained network (SCIENCE.md, "Metric definitions"): one value per
 * column of the results table. Computed by {@link Diagnostics#compute}.
 *
 * <p>At depth 1 every component means what it meant in release 0.1.0. Deeper, the neuron counts
 * and the collapse fraction are the whole network's ({@link CollapseCounts#of}: counts summed over
 * the hidden layers, collapse fraction over all L·m hidden neurons), the three rank metrics stay
 * the first layer's (W¹), and the {@code layer…} lists give each hidden layer's values, layer 1
 * first (one element at depth 1, equal to the scalar).
 *
 * <p>When the network has a non-finite parameter (a diverged run) nothing about it is defined: the
 * three neuron counts are {@code null}, every double is NaN, the Hessian method is {@value
 * HessianSummary#NONE}; {@code interpolated} is still the comparison of the training loss (false
 * for a NaN loss), and the {@code layer…} lists are null.
 *
 * @param vanishedNeurons     {@link CollapseCounts#vanished()}, null when undefined
 * @param redundantNeurons    {@link CollapseCounts#redundant()}, null when undefined
 * @param independentNeurons  {@link CollapseCounts#independent()}, null when undefined
 * @param collapseFraction    1 − independent / m
 * @param stableRank          of W ({@link RankMetrics})
 * @param effectiveRank       of W
 * @param topSingularFraction of W
 * @param hessianMaxEig       λmax of the training loss's Hessian ({@link HessianSummary})
 * @param hessianTrace        tr H
 * @param hessianTraceSe      standard error of tr H (0 when exact)
 * @param hessianFrobenius    ‖H‖F
 * @param hessianFrobeniusSe  standard error of ‖H‖F (0 when exact)
 * @param hessianMethod       how H was summarised ({@link HessianSummary#method()})
 * @param stabilityRatio      η·λmax/2: ≤ 1 is linearly stable for full-batch GD
 * @param frobeniusBoundRatio η·‖H‖F/√B, the quantity bounded by O(1) for SGD (Wu, Wang &amp; Su)
 * @param interpolated        training loss ≤ τᵢ · variance of the training labels
 * @param olsDistance         mean over test inputs of (f(x) − x·β̂ − β̂₀)² ({@link LeastSquares})
 * @param layerVanishedNeurons    vanished neurons of each hidden layer, null when undefined
 * @param layerIndependentNeurons independent neurons of each hidden layer, null when undefined
 * @param layerCollapseFraction   1 − independentₗ / m of each hidden layer, null when undefined
 * @param layerStableRank         stable rank of each Wˡ, null when undefined
 * @param layerEffectiveRank      effective rank of each Wˡ, null when undefined
 * @param theory                  the metrics of issue #16 ({@link TheoryMetrics}): feature rank,
 *                                gradient norm, convergence, excess risk, balancedness; never null
 * @param curvature               μ_alignment, ms_stability_radius, wu_bound_ratio, trace_ratio
 *                                ({@link CurvatureMetrics}); never null
 */
public record DiagnosticsResult(
    Integer vanishedNeurons,
    Integer redundantNeurons,
    Integer independentNeurons,
    double collapseFraction,
    double stableRank,
    double effectiveRank,
    double topSingularFraction,
    double hessianMaxEig,
    double hessianTrace,
    double hessianTraceSe,
    double hessianFrobenius,
    double hessianFrobeniusSe,
    String hessianMethod,
    double stabilityRatio,
    double frobeniusBoundRatio,
    boolean interpolated,
    double olsDistance,
    List<Integer> layerVanishedNeurons,
    List<Integer> layerIndependentNeurons,
    List<Double> layerCollapseFraction,
    List<Double> layerStableRank,
    List<Double> layerEffectiveRank,
    TheoryMetrics theory,
    CurvatureMetrics curvature)
    implements Serializable {

  /** A result without the {@link TheoryMetrics} and {@link CurvatureMetrics} (all undefined). */
  public DiagnosticsResult(Integer vanishedNeurons, Integer redundantNeurons,
      Integer independentNeurons, double collapseFraction, double stableRank, double effectiveRank,
      double topSingularFraction, double hessianMaxEig, double hessianTrace, double hessianTraceSe,
      double hessianFrobenius, double hessianFrobeniusSe, String hessianMethod,
      double stabilityRatio, double frobeniusBoundRatio, boolean interpolated, double olsDistance,
      List<Integer> layerVanishedNeurons, List<Integer> layerIndependentNeurons,
      List<Double> layerCollapseFraction, List<Double> layerStableRank,
      List<Double> layerEffectiveRank) {
    this(vanishedNeurons, redundantNeurons, independentNeurons, collapseFraction, stableRank,
        effectiveRank, topSingularFraction, hessianMaxEig, hessianTrace, hessianTraceSe,
        hessianFrobenius, hessianFrobeniusSe, hessianMethod, stabilityRatio, frobeniusBoundRatio,
        interpolated, olsDistance, layerVanishedNeurons, layerIndependentNeurons,
        layerCollapseFraction, layerStableRank, layerEffectiveRank, TheoryMetrics.UNDEFINED,
        CurvatureMetrics.UNDEFINED);
  }

  /** The same result with other {@link TheoryMetrics}. */
  public DiagnosticsResult withTheory(TheoryMetrics t) {
    return new DiagnosticsResult(vanishedNeurons, redundantNeurons, independentNeurons,
        collapseFraction, stableRank, effectiveRank, topSingularFraction, hessianMaxEig,
        hessianTrace, hessianTraceSe, hessianFrobenius, hessianFrobeniusSe, hessianMethod,
        stabilityRatio, frobeniusBoundRatio, interpolated, olsDistance, layerVanishedNeurons,
        layerIndependentNeurons, layerCollapseFraction, layerStableRank, layerEffectiveRank, t,
        curvature);
  }

  /** The same result with other {@link CurvatureMetrics}. */
  public DiagnosticsResult withCurvature(CurvatureMetrics c) {
    return new DiagnosticsResult(vanishedNeurons, redundantNeurons, independentNeurons,
        collapseFraction, stableRank, effectiveRank, topSingularFraction, hessianMaxEig,
        hessianTrace, hessianTraceSe, hessianFrobenius, hessianFrobeniusSe, hessianMethod,
        stabilityRatio, frobeniusBoundRatio, interpolated, olsDistance, layerVanishedNeurons,
        layerIndependentNeurons, layerCollapseFraction, layerStableRank, layerEffectiveRank,
        theory, c);
  }

  /** Lists are copied (immutable, serializable); a null list stays null. */
  public DiagnosticsResult {
    Objects.requireNonNull(hessianMethod, "hessianMethod");
    Objects.requireNonNull(theory, "theory");
    Objects.requireNonNull(curvature, "curvature");
    layerVanishedNeurons = copy(layerVanishedNeurons);
    layerIndependentNeurons = copy(layerIndependentNeurons);
    layerCollapseFraction = copy(layerCollapseFraction);
    layerStableRank = copy(layerStableRank);
    layerEffectiveRank = copy(layerEffectiveRank);
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? null : List.copyOf(list);
  }
}
