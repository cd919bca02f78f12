package io.sweep.worker.diagnose;

import java.io.Serializable;
import java.util.Objects;

/**
 * The diagnostics of one trained network (SCIENCE.md, "Metric definitions"): one value per
 * column of the results table. Computed by {@link Diagnostics#compute}.
 *
 * <p>When the network has a non-finite parameter (a diverged run) nothing about it is defined: the
 * three neuron counts are {@code null}, every double is NaN, the Hessian method is {@value
 * HessianSummary#NONE}; {@code interpolated} is still the comparison of the training loss (false
 * for a NaN loss).
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
    double olsDistance)
    implements Serializable {

  public DiagnosticsResult {
    Objects.requireNonNull(hessianMethod, "hessianMethod");
  }
}
