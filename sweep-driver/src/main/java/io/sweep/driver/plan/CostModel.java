package io.sweep.driver.plan;

import io.sweep.worker.run.RunSpec;

/**
 * A rough cost estimate for {@code plan}, from the figures in PERFORMANCE.md for the reference
 * trainer (one DL4J network, {@code fit} per step): a fixed per-step overhead plus the arithmetic
 * at the rate DL4J reaches on one core. It is an estimate to decide whether a sweep fits in the
 * afternoon, not a promise.
 */
public final class CostModel {
  /** Per-step overhead of DL4J's fit on small networks (PERFORMANCE.md: ≈ 2.5 ms at d=20, m=64). */
  static final double OVERHEAD_SECONDS_PER_STEP = 2.0e-3;
  /** Arithmetic rate of DL4J's fit on one core (PERFORMANCE.md: ≈ 3.5 GFLOP/s at d=100, m=512). */
  static final double FLOPS_PER_SECOND = 3.5e9;

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
    return steps * (OVERHEAD_SECONDS_PER_STEP + flopsPerStep(r) / FLOPS_PER_SECOND);
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
  }
}
