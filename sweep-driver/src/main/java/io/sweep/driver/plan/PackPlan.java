package io.sweep.driver.plan;

import io.sweep.worker.pack.Pack;
import io.sweep.worker.spec.RunSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The packs of a sweep's pending runs, in the order they are submitted, held as indices into the
 * runs (4 bytes a run) so that a sweep of 10⁵ runs is cut into packs without holding 10⁵ specs:
 * {@link #pack(int)} builds a pack's runs when it is submitted.
 *
 * <p>The packs are {@link Pack#group}'s for the runs in order (a function of the runs and the pack
 * size only, never of the cluster: a replica's float rounding depends on its pack's other
 * replicas, and a sweep must give bitwise the same rows on a laptop and on any cluster), sorted
 * longest first (replicas × steps, decreasing; ties keep {@code group}'s order), so the longest
 * start first and the tail of the sweep, when cores fall idle, is made of short packs.
 *
 * <p>A small sweep is spread ({@link #packSize(int, int, int)}): fewer than {@code pack-size ×
 * min-packs} runs are cut into packs of about {@code runs / min-packs} replicas, never fewer than
 * {@value #SPREAD_FLOOR}, so that a sweep of 64 runs trains on several cores instead of one. The
 * spread, too, depends on the plan only.
 */
public final class PackPlan {
  private final List<PlannedRun> runs;
  private final List<int[]> packs;
  private final long steps;

  private PackPlan(List<PlannedRun> runs, List<int[]> packs, long steps) {
    this.runs = runs;
    this.packs = packs;
    this.steps = steps;
  }

  /**
   * Fewest replicas a spread pack holds: below it a pack's cost per replica-step rises steeply
   * (docs/PERFORMANCE.md: at d = 20, m = 64 the fused path takes 4.3 µs per replica-step at 16,
   * 3.9 at 64, and about a fifth more than at 16 at 8).
   */
  public static final int SPREAD_FLOOR = 16;

  /** {@code engine.min-packs} when not given. */
  public static final int DEFAULT_MIN_PACKS = 16;

  /**
   * The largest pack of a plan of {@code runs} runs: {@code packSize}, or for a sweep of fewer
   * than {@code packSize × minPacks} runs ⌈runs / minPacks⌉ but not below {@value #SPREAD_FLOOR}
   * (nor above {@code packSize}). A function of the plan and the two settings only, never of
   * the cluster, so every cluster cuts a sweep into the same packs.
   *
   * @param runs     the number of runs to pack
   * @param packSize {@code engine.pack-size} ≥ 1
   * @param minPacks {@code engine.min-packs} ≥ 1; 1 turns the spread off (packs of {@code
   *                 packSize}, as before the key existed)
   */
  public static int packSize(int runs, int packSize, int minPacks) {
    if (packSize < 1 || minPacks < 1) {
      throw new IllegalArgumentException(
          "pack size and min packs must be >= 1, got " + packSize + " and " + minPacks);
    }
    if (minPacks == 1) {
      return packSize;
    }
    int spread = Math.max(SPREAD_FLOOR, (int) ((runs + (long) minPacks - 1) / minPacks));
    return Math.min(packSize, spread);
  }

  /**
   * Cuts {@code runs} into packs of at most {@link #packSize(int, int, int)} replicas ({@code
   * engine.pack-size} spread over at least {@code engine.min-packs} packs).
   */
  public static PackPlan of(List<PlannedRun> runs, int packSize, int minPacks) {
    return of(runs, packSize(runs.size(), packSize, minPacks));
  }

  /**
   * Cuts {@code runs} into packs of at most {@code packSize} replicas: one pass over the runs, one
   * more run built per pack for its step count.
   */
  public static PackPlan of(List<PlannedRun> runs, int packSize) {
    List<List<Integer>> groups = Pack.groupBy(
        () -> IntStream.range(0, runs.size()).boxed().iterator(), i -> runs.get(i).spec(), packSize);
    record Sized(int[] runs, long work) {}
    List<Sized> sized = new ArrayList<>(groups.size());
    long steps = 0;
    for (List<Integer> g : groups) {
      long work = (long) g.size() * runs.get(g.get(0)).spec().train().steps();
      sized.add(new Sized(g.stream().mapToInt(Integer::intValue).toArray(), work));
      steps += work;
    }
    sized.sort(Comparator.comparingLong(Sized::work).reversed()); // stable: ties in group order
    return new PackPlan(runs, sized.stream().map(Sized::runs).toList(), steps);
  }

  /** Number of packs. */
  public int packs() {
    return packs.size();
  }

  /** Number of runs in all packs. */
  public int runs() {
    return runs.size();
  }

  /** SGD steps of all runs (replica-steps of all packs). */
  public long steps() {
    return steps;
  }

  /** The runs of pack {@code k} (0 is submitted first), in replica order, built now. */
  public List<PlannedRun> pack(int k) {
    int[] at = packs.get(k);
    List<PlannedRun> out = new ArrayList<>(at.length);
    for (int i : at) {
      out.add(runs.get(i));
    }
    return out;
  }

  /** The workers' pack of {@code runs} (as {@link #pack(int)} gives them). */
  public static Pack toPack(List<PlannedRun> runs) {
    List<RunSpec> specs = new ArrayList<>(runs.size());
    for (PlannedRun r : runs) {
      specs.add(r.spec());
    }
    return new Pack(specs);
  }
}
