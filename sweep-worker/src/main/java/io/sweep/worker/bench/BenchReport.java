package io.sweep.worker.bench;

import io.sweep.worker.pack.StepProfile;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Benchmark#run(BenchOptions)} measured, all in one process with ND4J and OpenBLAS on
 * one thread.
 *
 * <p>Rates are given by three clocks ({@link Rate}); the headline figures use the CPU time of
 * the whole process ("per core"; see {@link Benchmark} for why).
 *
 * @param gemmGflops the compute ceiling: float32 GEMM 1024 × 1024 × 1024 through ND4J ({@code
 *                   Nd4j.gemm}, OpenBLAS), 1 thread, GFLOP/s of CPU time (2n³ FLOPs per
 *                   product)
 * @param tiny       the tiny workload (d = 20, width 64, batch 16)
 * @param medium     the medium workload (d = 100, width 512, batch 64)
 * @param deep       the deep workload (d = 100, width 256, depth 3, batch 64, momentum 0.9), or
 *                   null when it was not measured
 * @param setup      thread settings in effect, e.g. {@code nd4j=1 blas=1 OMP_NUM_THREADS=1}
 */
public record BenchReport(
    double gemmGflops, Workload tiny, Workload medium, Workload deep, String setup) {

  /** A report without the deep workload. */
  public BenchReport(double gemmGflops, Workload tiny, Workload medium, String setup) {
    this(gemmGflops, tiny, medium, null, setup);
  }

  /** Checks for nulls. */
  public BenchReport {
    Objects.requireNonNull(tiny, "tiny");
    Objects.requireNonNull(medium, "medium");
    Objects.requireNonNull(setup, "setup");
  }

  /**
   * Steps per second of one measurement by three clocks.
   *
   * @param perCore       per second of CPU time of the whole process, in steady state (the
   *                      headline figure: garbage collector and deallocator threads included)
   * @param wall          per second of wall time
   * @param callingThread per second of CPU time of the calling thread alone
   */
  public record Rate(double perCore, double wall, double callingThread) {}

  /**
   * The pack trainer's speed at one pack size.
   *
   * @param replicas R
   * @param rate     replica-steps (SGD steps of one replica) per second
   */
  public record EngineRate(int replicas, Rate rate) {}

  /**
   * One workload's figures.
   *
   * @param name                {@code tiny}, {@code medium} or {@code deep}
   * @param inputDim            d
   * @param width               m
   * @param batch               B
   * @param engine              the pack trainer at each pack size tried (fused packs: replicas
   *                            share seed, data and minibatches)
   * @param best                the fastest of {@code engine} (per core)
   * @param general             the pack trainer's general path (one seed per replica) at the best
   *                            pack size
   * @param naive               the reference trainer: one DL4J network, {@code fit} per step
   * @param flopsPerReplicaStep 6·B·(d·m + (L − 1)·m² + m), the FLOPs of one SGD step as
   *                            PERFORMANCE.md counts them (forward 2·B·(dm + (L − 1)m² + m),
   *                            backward twice that; this includes the first layer's input
   *                            gradient, which training does not need, so for L = 1 the
   *                            arithmetic actually done is about 2/3 of it)
   * @param profileMicros       µs per pack step in each phase at the best pack size (wall time,
   *                            from a separate run with timers on)
   * @param depth               L, the number of hidden layers
   * @param momentum            heavy-ball μ of the runs (0: plain SGD)
   */
  public record Workload(
      String name,
      int inputDim,
      int width,
      int batch,
      List<EngineRate> engine,
      EngineRate best,
      EngineRate general,
      Rate naive,
      double flopsPerReplicaStep,
      Map<StepProfile.Phase, Double> profileMicros,
      int depth,
      double momentum) {

    /** A workload of two-layer networks (depth 1) trained by plain SGD. */
    public Workload(
        String name, int inputDim, int width, int batch, List<EngineRate> engine,
        EngineRate best, EngineRate general, Rate naive, double flopsPerReplicaStep,
        Map<StepProfile.Phase, Double> profileMicros) {
      this(name, inputDim, width, batch, engine, best, general, naive, flopsPerReplicaStep,
          profileMicros, 1, 0.0);
    }

    /** Copies the collections. */
    public Workload {
      engine = List.copyOf(engine);
      profileMicros = Map.copyOf(profileMicros);
      Objects.requireNonNull(best, "best");
      Objects.requireNonNull(general, "general");
      Objects.requireNonNull(naive, "naive");
    }

    /** Engine replica-steps per core-second at the best pack size over the naive loop's. */
    public double ratioVsDl4j() {
      return best.rate().perCore() / naive.perCore();
    }

    /** The same ratio by wall time. */
    public double wallRatioVsDl4j() {
      return best.rate().wall() / naive.wall();
    }

    /** The engine's FLOP rate per core at the best pack size, GFLOP/s. */
    public double engineGflops() {
      return best.rate().perCore() * flopsPerReplicaStep / 1e9;
    }
  }

  /** The engine's fraction of the GEMM ceiling for a workload (both per core). */
  public double peakFraction(Workload w) {
    return w.engineGflops() / gemmGflops;
  }

  /**
   * The machine-readable summary, e.g. {@code tiny ratio_vs_dl4j=312.4 peak_fraction=0.21 medium
   * ratio_vs_dl4j=20.3 peak_fraction=0.55} (the driver's {@code bench:} line adds its own fields).
   */
  public String summary() {
    String s = String.format(
        Locale.ROOT,
        "tiny ratio_vs_dl4j=%.1f peak_fraction=%.2f medium ratio_vs_dl4j=%.1f peak_fraction=%.2f",
        tiny.ratioVsDl4j(), peakFraction(tiny), medium.ratioVsDl4j(), peakFraction(medium));
    if (deep != null) {
      s += String.format(Locale.ROOT, " deep replica_steps_per_s=%.0f peak_fraction=%.2f",
          deep.best().rate().perCore(), peakFraction(deep));
    }
    return s;
  }

  /** A human-readable account of every figure. */
  public String format() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "GEMM ceiling (float32 1024^3, 1 thread): %.1f GFLOP/s   (%s)%n", gemmGflops, setup));
    s.append("rates: per core = per second of the process's CPU time; wall;"
        + " thread = per second of the calling thread's CPU time");
    s.append(String.format("%n"));
    List<Workload> all = deep == null ? List.of(tiny, medium) : List.of(tiny, medium, deep);
    for (Workload w : all) {
      if (w.depth() == 1 && w.momentum() == 0) {
        s.append(String.format(Locale.ROOT,
            "%n%s: d=%d width=%d batch=%d, %.0f FLOPs per replica-step (6·B·(d·m + m))%n",
            w.name(), w.inputDim(), w.width(), w.batch(), w.flopsPerReplicaStep()));
      } else {
        s.append(String.format(Locale.ROOT,
            "%n%s: d=%d width=%d depth=%d batch=%d momentum=%s, %.0f FLOPs per replica-step"
                + " (6·B·(d·m + (L−1)·m² + m))%n",
            w.name(), w.inputDim(), w.width(), w.depth(), w.batch(), w.momentum(),
            w.flopsPerReplicaStep()));
      }
      for (EngineRate e : w.engine()) {
        s.append(String.format(Locale.ROOT,
            "  engine R=%-4d %10.0f replica-steps/s per core (%7.2f µs), wall %10.0f, thread"
                + " %10.0f  %6.1f GFLOP/s%n",
            e.replicas(), e.rate().perCore(), 1e6 / e.rate().perCore(), e.rate().wall(),
            e.rate().callingThread(), e.rate().perCore() * w.flopsPerReplicaStep() / 1e9));
      }
      s.append(String.format(Locale.ROOT,
          "  general path R=%d (one seed per replica): %.0f replica-steps/s per core%n",
          w.general().replicas(), w.general().rate().perCore()));
      s.append(String.format(Locale.ROOT,
          "  naive DL4J fit per step: %.0f steps/s per core (%.0f µs), wall %.0f (%.0f µs),"
              + " thread %.0f (%.0f µs)%n",
          w.naive().perCore(), 1e6 / w.naive().perCore(), w.naive().wall(),
          1e6 / w.naive().wall(), w.naive().callingThread(), 1e6 / w.naive().callingThread()));
      s.append(String.format(Locale.ROOT,
          "  best R=%d: %.1f× the naive loop per core (%.1f× by wall time), %.1f GFLOP/s ="
              + " %.2f of the GEMM ceiling%n",
          w.best().replicas(), w.ratioVsDl4j(), w.wallRatioVsDl4j(), w.engineGflops(),
          peakFraction(w)));
      s.append("  profile at best R, µs per pack step:");
      for (StepProfile.Phase p : StepProfile.Phase.values()) {
        Double v = w.profileMicros().get(p);
        if (v != null) {
          s.append(String.format(Locale.ROOT, " %s=%.1f", p.name().toLowerCase(Locale.ROOT), v));
        }
      }
      s.append(String.format("%n"));
    }
    return s.toString();
  }
}
