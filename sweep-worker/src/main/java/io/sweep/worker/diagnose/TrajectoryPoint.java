package io.sweep.worker.diagnose;

import java.io.Serializable;

/**
 * The state of a run at one logged step: a row of the {@code trajectories} table.
 *
 * @param step               SGD steps taken (0 = initialisation)
 * @param trainLoss          full training loss on the data set's labels
 * @param testLoss           mean squared error on the test set
 * @param independentNeurons independent neurons (SCIENCE.md, collapse); null when parameters are
 *                           not finite
 * @param collapseFraction   1 − independent / m
 * @param stableRank         stable rank of the first-layer weights
 * @param hessianMaxEig      λmax of the training-loss Hessian by Lanczos, only at multiples of
 *                           {@code hessian-every}; NaN elsewhere
 * @param gradNorm           ‖∇L‖ of the full training loss ({@link Diagnostics#loss}); NaN when
 *                           parameters are not finite
 * @param hessianTrace       tr H where λmax is computed: exact (P Hessian-vector products) when
 *                           P ≤ min(exact-hessian-max-params, hessian-probes), else Hutchinson
 *                           with hessian-probes Rademacher probes; NaN elsewhere
 */
public record TrajectoryPoint(
    long step,
    double trainLoss,
    double testLoss,
    Integer independentNeurons,
    double collapseFraction,
    double stableRank,
    double hessianMaxEig,
    double gradNorm,
    double hessianTrace)
    implements Serializable {

  /** A point without gradient norm and Hessian trace (NaN). */
  public TrajectoryPoint(long step, double trainLoss, double testLoss, Integer independentNeurons,
      double collapseFraction, double stableRank, double hessianMaxEig) {
    this(step, trainLoss, testLoss, independentNeurons, collapseFraction, stableRank,
        hessianMaxEig, Double.NaN, Double.NaN);
  }
}
