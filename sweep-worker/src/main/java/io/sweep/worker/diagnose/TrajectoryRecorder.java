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
 * <p>Two kinds: a run's own recorder ({@link #TrajectoryRecorder(Samples, Samples,
 * DiagnosticsSpec, long)}: the reference trainer, {@code bin/sweep diagnose}, and the slow, obvious
 * twin of the pack path), which computes each point as it is observed; and a replica's recorder
 * of a {@link PackTrajectory} ({@link PackTrajectory#add}), which hands its observations to the
 * pack, where the points of all replicas of a log step are computed together; its {@link
 * #points()}, {@link #trainLosses()} and {@link #seconds()} first have the pack compute what it
 * still holds. Both give the same points to rounding.
 *
 * <p>Not thread-safe: one recorder per run.
 */
public final class TrajectoryRecorder implements TrainingObserver {
  private final Samples train;
  private final Samples test;
  private final DiagnosticsSpec spec;
  private final long seed;
  private final List<TrajectoryPoint> points = new ArrayList<>();
  /** The pack this recorder is a replica of, or null for a run's own recorder. */
  private final PackTrajectory pack;
  /** The replica's index in {@link #pack}. */
  private final int replica;
  private long nanos;

  /**
   * @param seed the run's seed; Lanczos start vectors derive from it
   */
  public TrajectoryRecorder(Samples train, Samples test, DiagnosticsSpec spec, long seed) {
    this.train = train;
    this.test = test;
    this.spec = spec;
    this.seed = seed;
    this.pack = null;
    this.replica = -1;
  }

  /** Replica {@code replica}'s recorder of {@code pack}. */
  TrajectoryRecorder(Samples train, Samples test, DiagnosticsSpec spec, long seed,
      PackTrajectory pack, int replica) {
    this.train = train;
    this.test = test;
    this.spec = spec;
    this.seed = seed;
    this.pack = pack;
    this.replica = replica;
  }

  @Override
  public void observe(long step, double trainLoss, Supplier<NetworkParameters> parameters) {
    if (pack != null) {
      pack.observe(replica, step, trainLoss, parameters);
      return;
    }
    long start = System.nanoTime();
    try {
      record(step, trainLoss, parameters.get());
    } finally {
      nanos += System.nanoTime() - start;
    }
  }

  /** Seconds spent recording so far (the cost of trajectories, outside training proper). */
  public double seconds() {
    flushPack();
    return nanos / 1e9;
  }

  private void record(long step, double trainLoss, NetworkParameters p) {
    if (!Diagnostics.finite(p)) {
      points.add(divergedPoint(step, trainLoss));
      return;
    }
    points.add(point(step, trainLoss, p, Evaluation.meanSquaredError(p, test),
        TheoryMetrics.norm(Evaluation.lossGradient(p, train)),
        RankMetrics.of(p.w(), p.width(), p.inputDim()).stableRank()));
  }

  /** The point of parameters that are not all finite: only the step and training loss. */
  static TrajectoryPoint divergedPoint(long step, double trainLoss) {
    return new TrajectoryPoint(step, trainLoss, Double.NaN, null, Double.NaN, Double.NaN,
        Double.NaN);
  }

  /**
   * The point of finite parameters p at {@code step}, given its test loss, gradient norm and
   * stable rank of W¹ (the parts a {@link PackTrajectory} computes its own way): collapse counts,
   * and λmax and the trace at multiples of {@code hessian-every}.
   */
  TrajectoryPoint point(long step, double trainLoss, NetworkParameters p, double testLoss,
      double gradNorm, double stableRank) {
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
    return new TrajectoryPoint(step, trainLoss, testLoss, collapse.independent(),
        collapse.collapseFraction(), stableRank, lambda, gradNorm, trace);
  }

  /** Adds a point a {@link PackTrajectory} computed, and the recorder's share of its time. */
  void add(TrajectoryPoint point, long nanos) {
    points.add(point);
    this.nanos += nanos;
  }

  /** Adds time spent for this replica by its {@link PackTrajectory}. */
  void addNanos(long nanos) {
    this.nanos += nanos;
  }

  Samples train() {
    return train;
  }

  Samples test() {
    return test;
  }

  /** Has the pack compute the points it still holds (a replica's recorder only). */
  private void flushPack() {
    if (pack != null) {
      pack.finish();
    }
  }

  /** The training losses of the points recorded so far, in step order. */
  public List<Double> trainLosses() {
    flushPack();
    return points.stream().map(TrajectoryPoint::trainLoss).toList();
  }

  /** The points recorded so far, in step order. */
  public List<TrajectoryPoint> points() {
    flushPack();
    return List.copyOf(points);
  }
}
