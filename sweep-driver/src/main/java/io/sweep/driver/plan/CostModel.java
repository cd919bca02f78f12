package io.sweep.driver.plan;

import io.sweep.worker.spec.RunSpec;

/**
 * A rough cost estimate for {@code plan}, from the pack trainer's figures in docs/PERFORMANCE.md:
 * per replica-step a fixed overhead plus the arithmetic at the rate packs reach on one core, plus
 * a per-run allowance for diagnostics. It is an estimate to decide whether a sweep fits in the
 * afternoon, not a promise (packs of one, e.g. {@code engine.pack-size = 1}, run ≈ 500× slower on
 * small networks).
 */
public final class CostModel {
  /** Per-replica-step overhead of a pack (docs/PERFORMANCE.md: 3.6 µs in all at d=20, m=64). */
  static final double OVERHEAD_SECONDS_PER_STEP = 2.0e-6;
  /** Arithmetic rate of packs on one core (docs/PERFORMANCE.md: ≈ 93 GFLOP/s at d=100, m=512). */
  static final double FLOPS_PER_SECOND = 90e9;
  /** Diagnostics and trajectory per run (docs/PERFORMANCE.md: 0.03–0.15 s for small networks). */
  static final double DIAGNOSTICS_SECONDS_PER_RUN = 0.15;

  private CostModel() {}

  /** Floating-point operations of one SGD step: forward 2Bdm, backward 4Bdm, plus output layer. */
  public static double flopsPerStep(RunSpec r) {
    double b = r.train().batchSize();
    double d = r.data().inputDim();
    double m = r.model().width();
    return 6 * b * (d * m + m);
  }

  /** Estimated single-core seconds of one run. */
  public static double coreSeconds(RunSpec r) {
    double steps = r.train().steps();
    return steps * (OVERHEAD_SECONDS_PER_STEP + flopsPerStep(r) / FLOPS_PER_SECOND)
        + DIAGNOSTICS_SECONDS_PER_RUN;
  }

  /** Total estimate over a plan. */
  public static Estimate estimate(SweepPlan plan) {
    double flops = 0;
    double seconds = 0;
    long steps = 0;
    for (PlannedRun run : plan.runs()) {
      flops += flopsPerStep(run.spec()) * run.spec().train().steps();
      seconds += coreSeconds(run.spec());
      steps += run.spec().train().steps();
    }
    return new Estimate(plan.runs().size(), steps, flops, seconds);
  }

  /**
   * Estimated cost of a plan.
   *
   * @param runs        number of runs
   * @param steps       total SGD steps
   * @param flops       total floating-point operations of training
   * @param coreSeconds estimated single-core seconds
   */
  public record Estimate(long runs, long steps, double flops, double coreSeconds) {
    /** Estimated wall seconds on {@code cores} cores (runs are independent tasks). */
    public double wallSeconds(int cores) {
      return coreSeconds / Math.max(1, cores);
    }

    /**
     * Estimated wall seconds of the sweep cut into {@code packs} packs (one task each) on {@code
     * cores} cores: no more cores work than there are packs.
     */
    public double wallSeconds(int cores, int packs) {
      return wallSeconds(Math.min(Math.max(1, cores), Math.max(1, packs)));
    }
  }
}
