package io.sweep.worker.bench;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Benchmark#run(BenchOptions)} measures and for how long.
 *
 * @param tinyReplicas   pack sizes R tried on the tiny workload (d = 20, width 64, batch 16); the
 *                       best is reported
 * @param mediumReplicas pack sizes R tried on the medium workload (d = 100, width 512, batch 64)
 * @param deepReplicas   pack sizes R tried on the deep workload (d = 100, width 256, depth 3,
 *                       batch 64, momentum 0.9); empty to leave the deep workload out
 * @param seconds        time aimed at by each timed measurement, &gt; 0 (each is preceded by a
 *                       warm-up about as long)
 * @param untilSaturated whether to go on doubling the pack size past the listed ones while the
 *                       largest still gains 10% over the smaller ones (a GPU fills only at
 *                       thousands of replicas), up to {@link Benchmark#MAX_REPLICAS}
 */
public record BenchOptions(
    List<Integer> tinyReplicas, List<Integer> mediumReplicas, List<Integer> deepReplicas,
    double seconds, boolean untilSaturated) {

  /** Checks the values. */
  public BenchOptions {
    tinyReplicas = List.copyOf(Objects.requireNonNull(tinyReplicas, "tinyReplicas"));
    mediumReplicas = List.copyOf(Objects.requireNonNull(mediumReplicas, "mediumReplicas"));
    deepReplicas = List.copyOf(Objects.requireNonNull(deepReplicas, "deepReplicas"));
    if (tinyReplicas.isEmpty() || mediumReplicas.isEmpty()) {
      throw new IllegalArgumentException("give at least one pack size per workload");
    }
    for (int r : tinyReplicas) {
      check(r);
    }
    for (int r : mediumReplicas) {
      check(r);
    }
    for (int r : deepReplicas) {
      check(r);
    }
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("seconds must be finite and > 0, got " + seconds);
    }
  }

  /** The listed pack sizes only. */
  public BenchOptions(
      List<Integer> tinyReplicas, List<Integer> mediumReplicas, List<Integer> deepReplicas,
      double seconds) {
    this(tinyReplicas, mediumReplicas, deepReplicas, seconds, false);
  }

  /** Tiny and medium workloads only (no deep workload). */
  public BenchOptions(List<Integer> tinyReplicas, List<Integer> mediumReplicas, double seconds) {
    this(tinyReplicas, mediumReplicas, List.of(), seconds);
  }

  private static void check(int replicas) {
    if (replicas < 1) {
      throw new IllegalArgumentException("pack sizes must be >= 1, got " + replicas);
    }
  }

  /** The full benchmark: about a minute. */
  public static BenchOptions standard() {
    return new BenchOptions(List.of(16, 64, 128, 256), List.of(4, 16, 64), List.of(1, 4, 16), 1.5,
        true);
  }

  /** A quick look: well under a minute, noisier. */
  public static BenchOptions quick() {
    return new BenchOptions(List.of(16, 64, 256), List.of(4, 16), List.of(4), 0.4, true);
  }
}
