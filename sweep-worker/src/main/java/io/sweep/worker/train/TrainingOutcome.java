package io.sweep.worker.train;

import io.sweep.worker.spec.RunStatus;
import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * How one training run ended, with the trained network for later diagnostics.
 *
 * <p>Not {@link java.io.Serializable}: the network is a DL4J object with native memory and stays
 * in the JVM that trained it; only the numbers travel (as a {@link io.sweep.worker.run.RunResult}).
 * Do not call {@code network.close()} casually: DL4J's {@code close()} destroys every workspace of
 * the calling thread and calls {@code System.gc()}.
 *
 * @param status           {@link RunStatus#OK} or {@link RunStatus#DIVERGED} (never FAILED:
 *                         exceptions propagate to the caller)
 * @param error            null when ok; for a diverged run the rule and the step that fired, e.g.
 *                         {@code training loss 3.2e+05 exceeded 1000 × initial loss 1.02 at step
 *                         400}
 * @param stepsDone        SGD steps taken, including the one at which divergence was detected
 * @param initialTrainLoss training loss (1/n) Σ (f(xᵢ) − yᵢ)² at step 0, before any update
 * @param trainLoss        training loss at the end (at the step of divergence for a diverged run;
 *                         may be non-finite then)
 * @param testLoss         mean squared error on the test set at the end (may be non-finite for a
 *                         diverged run)
 * @param network          the network with its final parameters
 * @param parameters       the same final parameters in double precision, for diagnostics
 */
public record TrainingOutcome(
    RunStatus status,
    String error,
    long stepsDone,
    double initialTrainLoss,
    double trainLoss,
    double testLoss,
    MultiLayerNetwork network,
    io.sweep.worker.net.NetworkParameters parameters) {

  /** Checks that the status and the error agree. */
  public TrainingOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(parameters, "parameters");
    checkOutcome("a training outcome", status, error, stepsDone);
  }

  /**
   * The invariants of every trainer's outcome: ok or diverged (exceptions are not outcomes), an
   * error exactly when diverged, a non-negative step count.
   *
   * @param what what is checked, for the message
   */
  public static void checkOutcome(String what, RunStatus status, String error, long stepsDone) {
    if (status == RunStatus.FAILED) {
      throw new IllegalArgumentException(what + " is ok or diverged, never failed");
    }
    if ((status == RunStatus.OK) != (error == null)) {
      throw new IllegalArgumentException(
          "error must be null exactly when the status is ok; got " + status + ", " + error);
    }
    if (stepsDone < 0) {
      throw new IllegalArgumentException("stepsDone must be >= 0, got " + stepsDone);
    }
  }
}
