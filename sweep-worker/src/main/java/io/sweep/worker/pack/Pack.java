package io.sweep.worker.pack;

import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.Init;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.OutputInit;
import io.sweep.worker.spec.Phase;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.Sampling;
import io.sweep.worker.spec.StepSettings;
import io.sweep.worker.spec.TrainSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs that share every tensor shape and schedule, trained together by {@link PackTrainer} as one
 * set of batched tensors (one replica per run).
 *
 * <p>Two runs are {@linkplain #compatible compatible} when they have the same data spec (input
 * dimension, teacher, data noise, sample and test-sample counts: the whole {@link DataSpec}), the
 * same width, depth, activation, bias and output training, and the same step budget, log
 * interval, sampling, phase starts and batch size of each stretch ({@link Shape}). They may differ
 * in seed, init scale, init and output init, divergence factor, weight decay, and the step size,
 * label noise and momentum of each stretch.
 *
 * <p>A pack whose runs also share the seed is {@linkplain #fused() fused}: all its replicas see the
 * same data set, the same minibatch indices and the same label-noise draws ξ (the reference
 * trainer derives all three from the seed; common random numbers across the replicas), so the
 * first layer of every replica is one wide matrix product. Other packs take the general path, one
 * small product per replica; both give each run the reference trainer's trajectory.
 *
 * @param runs the runs, in replica order; at least one, all compatible with the first
 */
public record Pack(List<RunSpec> runs) implements Serializable {

  /** Copies the list and checks that the runs are compatible. */
  public Pack {
    Objects.requireNonNull(runs, "runs");
    runs = List.copyOf(runs);
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("a pack needs at least one run");
    }
    RunSpec first = runs.get(0);
    for (RunSpec r : runs) {
      if (!compatible(first, r)) {
        throw new IllegalArgumentException(
            "run " + r.runId() + " cannot share a pack with run " + first.runId()
                + ": shapes or schedules differ (" + Shape.of(r) + " vs " + Shape.of(first) + ")");
      }
    }
  }

  /** A pack of the given runs. */
  public static Pack of(RunSpec... runs) {
    return new Pack(List.of(runs));
  }

  /** Number of replicas R. */
  public int size() {
    return runs.size();
  }

  /** The first run: its shapes and schedule are every replica's. */
  public RunSpec first() {
    return runs.get(0);
  }

  /** Whether every run has the first run's seed (then the fused path applies). */
  public boolean fused() {
    long seed = first().seed();
    return runs.stream().allMatch(r -> r.seed() == seed);
  }

  /**
   * Whether {@code a} and {@code b} can be replicas of one pack: same data spec, width,
   * activation, bias, batch size, steps and log interval. Seed, lr, label noise, init scale and
   * divergence factor may differ.
   */
  public static boolean compatible(RunSpec a, RunSpec b) {
    return Shape.of(a).equals(Shape.of(b));
  }

  /** Whether {@code a} and {@code b} can share a fused pack: compatible and the same seed. */
  public static boolean fusable(RunSpec a, RunSpec b) {
    return compatible(a, b) && a.seed() == b.seed();
  }

  /**
   * Cuts {@code runs} into packs of at most {@code maxReplicas}, deterministically (the result
   * depends only on the list and its order).
   *
   * <p>Runs are grouped by compatibility (groups in order of first appearance), then within a group
   * by seed (in order of first appearance). Each seed's runs fill fused packs of {@code
   * maxReplicas}; a seed's remainder of at least half of {@code maxReplicas} becomes a fused pack
   * of its own; smaller remainders of all seeds of the group are pooled, in order, into packs of
   * {@code maxReplicas} (general path when they mix seeds). Every run lands in exactly one pack;
   * the order of runs inside a pack follows the input.
   *
   * @param runs        the runs (any order; run ids are not checked for uniqueness)
   * @param maxReplicas R_max ≥ 1
   * @return the packs
   */
  public static List<Pack> group(List<RunSpec> runs, int maxReplicas) {
    Objects.requireNonNull(runs, "runs");
    return groupBy(runs, r -> r, maxReplicas).stream().map(Pack::new).toList();
  }

  /**
   * {@link #group}'s packing of any items that stand for runs (e.g. indices into a plan, so that a
   * driver can cut a large sweep into packs without holding every run's spec): {@code spec} is
   * asked once per item, in order, and not kept.
   *
   * @return the items of each pack, packs and items in {@link #group}'s order
   */
  public static <T> List<List<T>> groupBy(
      Iterable<T> items, java.util.function.Function<? super T, RunSpec> spec, int maxReplicas) {
    Objects.requireNonNull(items, "items");
    if (maxReplicas < 1) {
      throw new IllegalArgumentException("maxReplicas must be >= 1, got " + maxReplicas);
    }
    Map<Shape, Map<Long, List<T>>> groups = new LinkedHashMap<>();
    for (T item : items) {
      RunSpec r = spec.apply(item);
      groups
          .computeIfAbsent(Shape.of(r), k -> new LinkedHashMap<>())
          .computeIfAbsent(r.seed(), k -> new ArrayList<>())
          .add(item);
    }
    List<List<T>> packs = new ArrayList<>();
    int ownPack = Math.max(1, (maxReplicas + 1) / 2);
    for (Map<Long, List<T>> bySeed : groups.values()) {
      List<T> pooled = new ArrayList<>();
      for (List<T> seedRuns : bySeed.values()) {
        int full = seedRuns.size() / maxReplicas * maxReplicas;
        for (int i = 0; i < full; i += maxReplicas) {
          packs.add(seedRuns.subList(i, i + maxReplicas));
        }
        List<T> rest = seedRuns.subList(full, seedRuns.size());
        if (rest.size() >= ownPack) {
          packs.add(rest);
        } else {
          pooled.addAll(rest);
        }
      }
      for (int i = 0; i < pooled.size(); i += maxReplicas) {
        packs.add(pooled.subList(i, Math.min(pooled.size(), i + maxReplicas)));
      }
    }
    return packs;
  }

  /**
   * What replicas of one pack must share. The model with its init scale, init and output init
   * normalised stands for width, depth, activation, bias and whether the output trains; the whole
   * data spec is compared, so a component added to {@link DataSpec} later is covered without a
   * change here. Of the schedule, the phase boundaries and each stretch's batch size are shared;
   * lr, label noise and momentum of each stretch, and weight decay, are per replica.
   */
  record Shape(
      ModelSpec model, DataSpec data, long steps, int logEvery, Sampling sampling,
      List<Long> phaseStarts, List<Integer> batchSizes) {
    static Shape of(RunSpec r) {
      ModelSpec m = r.model();
      TrainSpec t = r.train();
      return new Shape(
          m.withInitScale(1.0).withInit(Init.LECUN, OutputInit.RANDOM),
          r.data(),
          t.steps(),
          t.logEvery(),
          t.sampling(),
          t.schedule().stream().map(Phase::at).toList(),
          t.stretches().stream().map(StepSettings::batchSize).toList());
    }

    @Override
    public String toString() {
      return "width " + model.width() + ", depth " + model.depth() + ", "
          + model.activation().label() + (model.bias() ? ", bias" : ", no bias")
          + (model.trainOutput() ? "" : ", frozen output")
          + (model.outputDim() == 1 ? "" : ", " + model.outputDim() + " outputs") + ", " + data
          + ", batch "
          + batchSizes + ", steps " + steps + ", log every " + logEvery + ", "
          + sampling.label() + (phaseStarts.isEmpty() ? "" : ", phases at " + phaseStarts);
    }
  }
}
