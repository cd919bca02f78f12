package io.sweep.worker.train;

import io.sweep.worker.net.NetworkParameters;
import java.util.function.Supplier;

/**
 * Sees a run's state every {@code log-every} steps (and at step 0 and the last step): the seam
 * through which trajectories are recorded, identical for every trainer (reference or pack).
 *
 * <p>Called off the per-step path only. The parameters are supplied lazily, because reading them
 * out of the trainer's tensors costs a copy that an observer may not need.
 */
@FunctionalInterface
public interface TrainingObserver {
  /** An observer that records nothing. */
  TrainingObserver NONE = (step, trainLoss, parameters) -> {};

  /**
   * @param step       SGD steps taken so far (0 = the initial parameters)
   * @param trainLoss  full training loss on the data set's labels at this step
   * @param parameters the parameters at this step, read on demand
   */
  void observe(long step, double trainLoss, Supplier<NetworkParameters> parameters);
}
