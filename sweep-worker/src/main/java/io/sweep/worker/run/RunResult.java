package io.sweep.worker.run;

import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.RunStatus;
import java.io.Serializable;
import java.util.Objects;

/**
 * What one run produced. A plain record: the driver turns it into a row of the {@code runs} table.
 *
 * @param runId       the {@link RunSpec#runId()} it answers
 * @param status      ok, diverged or failed
 * @param error       null when ok; for diverged runs the rule and step that fired; for failed
 *                    runs the exception
 * @param trainLoss   mean squared error on the training set's own labels (no per-step label
 *                    noise) at the end; NaN when it could not be computed
 * @param testLoss    mean squared error on the fresh test set at the end; NaN when unavailable
 * @param stepsDone   SGD steps actually taken (less than the budget when the run diverged)
 * @param wallSeconds wall-clock seconds for data, training and evaluation
 * @param device      where it ran: {@code cpu} or {@code gpu:N}
 * @param diagnosticsSeconds the part of {@code wallSeconds} spent on diagnostics: trajectory
 *                    points and the end-of-training metrics
 * @param diagnostics the end-of-training diagnostics (collapse, rank, Hessian, interpolation);
 *                    null for a diverged or failed run
 * @param trajectory  the logged points of the run, step 0 first; empty for a failed run
 * @param trainer     which trainer trained it: {@value Runner#PACK}, {@value Runner#REFERENCE},
 *                    or {@code reference: WHY} when a pack fell back to the reference trainer
 *                    (e.g. {@code reference: packs do not train this model yet}); null when
 *                    unknown (a result made outside the runner)
 * @param parameters  the final parameters of an ok run (what the {@code weights} table stores);
 *                    null for a diverged or failed run, whose parameters mean nothing
 */
public record RunResult(
    String runId,
    RunStatus status,
    String error,
    double trainLoss,
    double testLoss,
    long stepsDone,
    double wallSeconds,
    String device,
    double diagnosticsSeconds,
    io.sweep.worker.diagnose.DiagnosticsResult diagnostics,
    java.util.List<io.sweep.worker.diagnose.TrajectoryPoint> trajectory,
    String trainer,
    io.sweep.worker.net.NetworkParameters parameters)
    implements Serializable {

  public RunResult {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(device, "device");
    trajectory = java.util.List.copyOf(trajectory);
  }

  /** A result without final parameters (a failed run, or one made outside the runner). */
  public RunResult(String runId, RunStatus status, String error, double trainLoss,
      double testLoss, long stepsDone, double wallSeconds, String device,
      double diagnosticsSeconds, io.sweep.worker.diagnose.DiagnosticsResult diagnostics,
      java.util.List<io.sweep.worker.diagnose.TrajectoryPoint> trajectory, String trainer) {
    this(runId, status, error, trainLoss, testLoss, stepsDone, wallSeconds, device,
        diagnosticsSeconds, diagnostics, trajectory, trainer, null);
  }

  /** This result with another {@code trainer}. */
  public RunResult withTrainer(String t) {
    return new RunResult(runId, status, error, trainLoss, testLoss, stepsDone, wallSeconds, device,
        diagnosticsSeconds, diagnostics, trajectory, t, parameters);
  }

  /** This result with other diagnostics (a later {@code diagnose}), everything else kept. */
  public RunResult withDiagnostics(io.sweep.worker.diagnose.DiagnosticsResult d, double seconds) {
    return new RunResult(runId, status, error, trainLoss, testLoss, stepsDone, wallSeconds, device,
        seconds, d, trajectory, trainer, parameters);
  }
}
