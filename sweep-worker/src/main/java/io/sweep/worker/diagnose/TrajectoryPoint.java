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
 */
public record TrajectoryPoint(
    long step,
    double trainLoss,
    double testLoss,
    Integer independentNeurons,
    double collapseFraction,
    double stableRank,
    double hessianMaxEig)
    implements Serializable {}
