package io.sweep.worker.diagnose;

import io.sweep.worker.data.Samples;
import io.sweep.worker.data.Seeds;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.train.TrainingObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Records a run's trajectory at the trainer's log points, buffered in memory (the driver writes
 * each run's points in one columnar batch, never a write per step). Per point: test loss, collapse
 * counts of the whole network ({@link CollapseCounts#of}) and stable rank of W¹ (cheap: O(test·m·d + m²·d)), the training
 * loss's gradient norm ({@link Evaluation#lossGradient}: one forward and backward pass as matrix
 * products), and λmax by Lanczos at multiples of {@link DiagnosticsSpec#hessianEvery()} (a few
 * Hessian-vector products over the training set).
 *
 * <p>Not thread-safe: one recorder per run.
 */
public final class TrajectoryRecorder implements TrainingObserver {
  private final Samples train;
  private final Samples test;
  private final DiagnosticsSpec spec;
  private final long seed;
  private final List<TrajectoryPoint> points = new ArrayList<>();
  private long nanos;

  /**
   * @param seed the run's seed; Lanczos start vectors derive from it
   */
  public TrajectoryRecorder(Samples train, Samples test, DiagnosticsSpec spec, long seed) {
    this.train = train;
    this.test = test;
    this.spec = spec;
    this.seed = seed;
  }

  @Override
  public void observe(long step, double trainLoss, Supplier<NetworkParameters> parameters) {
    long start = System.nanoTime();
    try {
      record(step, trainLoss, parameters.get());
    } finally {
      nanos += System.nanoTime() - start;
    }
  }

  /** Seconds spent recording so far (the cost of trajectories, outside training proper). */
  public double seconds() {
    return nanos / 1e9;
  }

  private void record(long step, double trainLoss, NetworkParameters p) {
    if (!Diagnostics.finite(p)) {
      points.add(new TrajectoryPoint(step, trainLoss, Double.NaN, null, Double.NaN, Double.NaN, Double.NaN));
      return;
    }
    CollapseCounts collapse = CollapseCounts.of(p, spec.vanishTolerance(), spec.redundancyTolerance());
    double lambda = Double.NaN;
    double trace = Double.NaN;
    if (spec.hessianEvery() > 0 && step % spec.hessianEvery() == 0) {
      TwiceDifferentiable loss = Diagnostics.loss(p, train);
      lambda = BlockHessian.maxEigenvalue(loss, Seeds.derive(seed, "trajectory-" + step))
          .maxEigenvalue();
      trace = BlockHessian.trace(loss, Math.min(spec.exactHessianMaxParams(),
          spec.hessianProbes()), spec.hessianProbes(), Seeds.derive(seed, "trajectory-trace-" + step));
    }
    points.add(new TrajectoryPoint(step, trainLoss, Evaluation.meanSquaredError(p, test),
        collapse.independent(), collapse.collapseFraction(),
        RankMetrics.of(p.w(), p.width(), p.inputDim()).stableRank(), lambda,
        TheoryMetrics.norm(Evaluation.lossGradient(p, train)), trace));
  }

  /** The training losses of the points recorded so far, in step order. */
  public List<Double> trainLosses() {
    return points.stream().map(TrajectoryPoint::trainLoss).toList();
  }

  /** The points recorded so far, in step order. */
  public List<TrajectoryPoint> points() {
    return List.copyOf(points);
  }
}
