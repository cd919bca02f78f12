package io.sweep.worker.diagnose;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The trajectories of all replicas of a pack, their points computed together: the pack trainer
 * shows every replica of a log step before any of a later one, so each replica's recorder ({@link
 * #add}) only holds its parameters here, and when a later step arrives (or a recorder is read)
 * the points of the step held are computed at once. Replicas that share their samples and shape
 * (the replicas of one seed: {@link io.sweep.worker.data.DataModel#perSeed} gives them the same
 * {@link Samples}) are one {@link PackedEvaluation}: their test losses and gradient norms by a
 * few wide matrix products instead of one forward and backward pass each. The stable rank of W¹
 * by {@link RankMetrics#stableRank} (a Gram matrix's λmax, not an SVD). Collapse counts and the
 * Hessian estimates at {@code hessian-every} stay per replica, by the very code of {@link
 * TrajectoryRecorder} (the slow, obvious twin: the same points to rounding).
 *
 * <p>Memory: the parameters of one step of R replicas, never the history, and each group's
 * native buffers while the pack trains ({@link PackedEvaluation#BUDGET}); the buffers are
 * released when the recorders are read (training is over), made again should more steps come.
 *
 * <p>Time: each recorder's {@link TrajectoryRecorder#seconds()} counts what was spent for it
 * alone (taking its parameters, its collapse counts, rank and Hessian) plus an equal share of
 * its step's shared work.
 *
 * <p>Not thread-safe: one per pack, on the thread that trains it.
 */
public final class PackTrajectory {

  private final DiagnosticsSpec spec;
  private final List<TrajectoryRecorder> recorders = new ArrayList<>();
  /** The step held, and the replicas observed at it, in order. */
  private long step;
  private final List<Observation> held = new ArrayList<>();
  private boolean[] holding = new boolean[0];
  /** Per group of replicas (samples and shape): its evaluator, made on first use. */
  private final Map<Group, PackedEvaluation> evaluators = new LinkedHashMap<>();

  public PackTrajectory(DiagnosticsSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  /**
   * The recorder of the next replica (index = number of replicas added before), as {@link
   * TrajectoryRecorder#TrajectoryRecorder(Samples, Samples, DiagnosticsSpec, long)} would be.
   */
  public TrajectoryRecorder add(Samples train, Samples test, long seed) {
    TrajectoryRecorder recorder = new TrajectoryRecorder(
        Objects.requireNonNull(train, "train"), Objects.requireNonNull(test, "test"), spec, seed,
        this, recorders.size());
    recorders.add(recorder);
    return recorder;
  }

  /** The settings every replica's points are computed with. */
  DiagnosticsSpec spec() {
    return spec;
  }

  /** How many replicas' parameters are held (of one step), for tests. */
  int held() {
    return held.size();
  }

  /** Replica {@code replica}'s observation: its parameters taken now, its point computed later. */
  void observe(int replica, long at, double trainLoss, Supplier<NetworkParameters> parameters) {
    if (!held.isEmpty() && (at != step || holding(replica))) {
      flush();
    }
    long start = System.nanoTime();
    step = at;
    held.add(new Observation(replica, trainLoss, parameters.get()));
    if (holding.length < recorders.size()) {
      holding = new boolean[recorders.size()];
      for (Observation o : held) {
        holding[o.replica] = true;
      }
    }
    holding[replica] = true;
    recorders.get(replica).addNanos(System.nanoTime() - start);
  }

  private boolean holding(int replica) {
    return replica < holding.length && holding[replica];
  }

  /**
   * Drops what is held and releases the native buffers without computing anything: the pack
   * failed and its runs go to the reference path.
   */
  public void release() {
    held.clear();
    java.util.Arrays.fill(holding, false);
    for (PackedEvaluation e : evaluators.values()) {
      e.close();
    }
    evaluators.clear();
  }

  /**
   * Computes the points held and releases the native buffers (the recorders are being read).
   * Once done, a call only reads (no points held, no buffers): so after one call on the pack's
   * thread, its recorders may be read on several threads.
   */
  public void finish() {
    if (held.isEmpty() && evaluators.isEmpty()) {
      return;
    }
    flush();
    for (PackedEvaluation e : evaluators.values()) {
      e.close();
    }
    evaluators.clear();
  }

  /** Computes the points of the step held, in the order observed. */
  private void flush() {
    if (held.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    long own = 0;
    int count = held.size();
    TrajectoryPoint[] points = new TrajectoryPoint[count];
    long[] nanos = new long[count];
    Map<Group, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      Observation o = held.get(i);
      if (Diagnostics.finite(o.parameters)) {
        groups.computeIfAbsent(Group.of(recorders.get(o.replica), o.parameters),
            g -> new ArrayList<>()).add(i);
      } else {
        points[i] = TrajectoryRecorder.divergedPoint(step, o.trainLoss);
      }
    }
    for (Map.Entry<Group, List<Integer>> group : groups.entrySet()) {
      List<Integer> members = group.getValue();
      List<NetworkParameters> networks = new ArrayList<>(members.size());
      for (int i : members) {
        networks.add(held.get(i).parameters);
      }
      double[] testLoss = new double[members.size()];
      double[] gradNorm = new double[members.size()];
      evaluator(group.getKey(), networks.get(0)).evaluate(networks, testLoss, gradNorm);
      for (int g = 0; g < members.size(); g++) {
        int i = members.get(g);
        Observation o = held.get(i);
        long t = System.nanoTime();
        NetworkParameters p = o.parameters;
        points[i] = recorders.get(o.replica).point(step, o.trainLoss, p, testLoss[g],
            gradNorm[g], RankMetrics.stableRank(p.w(), p.width(), p.inputDim()));
        nanos[i] = System.nanoTime() - t;
        own += nanos[i];
      }
    }
    long shared = (System.nanoTime() - start - own) / count;
    for (int i = 0; i < count; i++) {
      recorders.get(held.get(i).replica).add(points[i], nanos[i] + shared);
    }
    held.clear();
    java.util.Arrays.fill(holding, false);
  }

  private PackedEvaluation evaluator(Group group, NetworkParameters shape) {
    PackedEvaluation e = evaluators.get(group);
    if (e == null) {
      e = new PackedEvaluation(group.train, group.test, shape, recorders.size());
      evaluators.put(group, e);
    }
    return e;
  }

  private record Observation(int replica, double trainLoss, NetworkParameters parameters) {}

  /**
   * Replicas evaluated together: the same samples (by identity: equal {@link Samples} records
   * hold the very same arrays) and the same network shape.
   */
  private record Group(Samples train, Samples test, int width, int depth, int inputDim,
      int outputDim, Activation activation, boolean bias, boolean trainOutput) {

    static Group of(TrajectoryRecorder recorder, NetworkParameters p) {
      return new Group(recorder.train(), recorder.test(), p.width(), p.depth(), p.inputDim(),
          p.outputDim(), p.activation(), p.bias(), p.trainOutput());
    }
  }
}
