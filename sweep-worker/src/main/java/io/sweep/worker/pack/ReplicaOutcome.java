package io.sweep.worker.pack;

import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.RunStatus;
import java.util.Objects;

/**
 * How one replica of a pack ended: the pack trainer's counterpart of {@link
 * io.sweep.worker.train.TrainingOutcome}, without a DL4J network (a pack has none; the parameters
 * are copied out of the pack's tensors).
 *
 * @param runId            the run this replica trained
 * @param status           {@link RunStatus#OK} or {@link RunStatus#DIVERGED} (never FAILED)
 * @param error            null when ok; for a diverged replica the rule and the step that fired,
 *                         worded exactly as the reference trainer's
 * @param stepsDone        SGD steps taken, including the one at which divergence was detected
 * @param initialTrainLoss training loss (1/n) Σ (f(xᵢ) − yᵢ)² at step 0
 * @param trainLoss        training loss at the end (at the step of divergence for a diverged
 *                         replica; may be non-finite then)
 * @param testLoss         mean squared error on the test set at the end (may be non-finite for a
 *                         diverged replica)
 * @param parameters       the final parameters (at the step of divergence for a diverged replica)
 */
public record ReplicaOutcome(
    String runId,
    RunStatus status,
    String error,
    long stepsDone,
    double initialTrainLoss,
    double trainLoss,
    double testLoss,
    NetworkParameters parameters) {

  /** Checks that the status and the error agree. */
  public ReplicaOutcome {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(parameters, "parameters");
    io.sweep.worker.train.TrainingOutcome.checkOutcome("a replica outcome", status, error, stepsDone);
  }
}
