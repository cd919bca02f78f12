package io.sweep.driver.cli;

import com.typesafe.config.ConfigFactory;
import io.sweep.driver.app.Logging;
import io.sweep.driver.app.Sweeps;
import io.sweep.driver.config.ConfigLoader;
import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.plan.PackPlan;
import io.sweep.driver.plan.SweepPlan;
import io.sweep.worker.bench.BenchOptions;
import io.sweep.worker.bench.BenchReport;
import io.sweep.worker.bench.Benchmark;
import io.sweep.worker.pack.PackBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sweep bench [--quick]}: the performance benchmark of PERFORMANCE.md, measured in one
 * process — the trainers and the GEMM ceiling ({@link Benchmark}), then two sweeps of many short
 * runs through Spark into temporary Parquet stores (the bench sweep, a few packs per core; the
 * larger sweep, {@value #LARGER_PACKS_PER_CORE} packs per core), each with the split of its wall
 * time × cores into training, diagnostics and the engine, measured once the process is warm
 * ({@link #warmUp}). The last line is a machine-readable summary.
 */
@Command(name = "bench", description = "The performance benchmark (docs/PERFORMANCE.md); last line is a summary.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "Fewer pack sizes and shorter timings (under 2 minutes).")
  boolean quick;

  @Option(names = "--backend", paramLabel = "auto|cpu|cuda", defaultValue = "auto",
      description = "ND4J backend the benchmark must run on: cpu (nd4j-native), cuda (a -Pcuda build "
          + "on a machine with an NVIDIA GPU) or auto (whichever this build loads). Default: auto.")
  String backend;

  @Option(names = "--pack-backend", paramLabel = "auto|native-cpu|nd4j",
      description = "Pack trainer path to measure (default: engine.pack-backend, auto).")
  String packBackend;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  /**
   * The end-to-end sweep: many short runs of the tiny workload (d 20, width 64, batch 16) —
   * 2,000 (quick) or 10,000 steps, seconds each for the naive DL4J loop, milliseconds in a pack.
   */
  static String endToEndSweep(boolean quick) {
    return """
        sweep {
          name = bench-end-to-end
          grid {
            lr = [0.005, 0.01, 0.02, 0.05]
            label-noise = [0.0, 0.1, 0.3, 0.5]
            seed = %s
          }
          model { width = 64 }
          data { input-dim = 20, samples = 256, test-samples = 256 }
          train { batch-size = 16, steps = %d, log-every = 500 }
          diagnostics { hessian-every = 0 }
        }
        """.formatted(quick ? "[0, 1]" : "[0, 1, 2, 3]", quick ? 2000 : 10000);
  }

  /** Packs per core of {@link #largerSweep}: issue 17's "≥ 10 packs per core". */
  static final int LARGER_PACKS_PER_CORE = 10;

  /**
   * The larger end-to-end sweep: the bench sweep's workload with 64 runs per seed (8 step sizes ×
   * 8 label-noise levels, one fused pack each at the default pack size) and {@value
   * #LARGER_PACKS_PER_CORE} seeds per core, so every core trains {@value #LARGER_PACKS_PER_CORE}
   * packs and the fixed cost of a {@code run} is spread over many.
   */
  static String largerSweep(boolean quick, int cores) {
    int seeds = LARGER_PACKS_PER_CORE * cores;
    return """
        sweep {
          name = bench-larger
          grid {
            lr = [0.002, 0.003, 0.005, 0.007, 0.01, 0.015, 0.02, 0.03]
            label-noise = [0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
            seed = %s
          }
          model { width = 64 }
          data { input-dim = 20, samples = 256, test-samples = 256 }
          train { batch-size = 16, steps = %d, log-every = 500 }
          diagnostics { hessian-every = 0 }
        }
        """.formatted(java.util.stream.IntStream.range(0, seeds).mapToObj(Integer::toString)
            .collect(java.util.stream.Collectors.joining(", ", "[", "]")), quick ? 2000 : 10000);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    EngineSettings engine = common.engine();
    PrintWriter err = spec.commandLine().getErr();
    PackBackend path;
    try {
      path = packBackend == null ? engine.packBackend() : PackBackend.of(packBackend);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--pack-backend: " + e.getMessage());
    }
    engine = withPackBackend(engine, path);
    Logging.toFile(engine.logDir());
    String wrong = BackendCheck.mismatch(backend, TaskBackend.current());
    if (wrong != null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--backend: " + wrong);
    }
    BenchOptions options = quick ? BenchOptions.quick() : BenchOptions.standard();
    BenchReport report = Benchmark.run(options, line -> {
      err.println(line);
      err.flush();
    }, path);
    out.println(report.format());
    out.flush();

    EndToEnd[] sweeps = endToEnd(engine);
    EndToEnd e2e = sweeps[0];
    EndToEnd larger = sweeps[1];
    print(out, "end to end", e2e);
    print(out, "larger sweep", larger);
    out.printf(Locale.ROOT, "bench: %s overhead=%.3f diagnostics_ratio=%.3f engine_share=%.3f"
            + " larger_overhead=%.3f larger_diagnostics_ratio=%.3f larger_engine_share=%.3f"
            + " larger_packs_per_core=%.1f jit_share=%.3f larger_jit_share=%.3f%n",
        report.summary(), e2e.overhead(), e2e.diagnosticsRatio(), e2e.engineShare(),
        larger.overhead(), larger.diagnosticsRatio(), larger.engineShare(),
        larger.packsPerCore(), e2e.jitShare(), larger.jitShare());
    out.flush();
    return 0;
  }

  private static EngineSettings withPackBackend(EngineSettings e, PackBackend path) {
    return new EngineSettings(e.store(), e.master(), e.logDir(), e.waveSize(), e.packSize(),
        e.maxRuns(), e.sparkConf(), e.commitInterval(), path, e.storeWeights(), e.minPacks());
  }

  /** The ND4J backend this JVM runs: cpu, cuda or another's class name. */
  static final class TaskBackend {
    private TaskBackend() {}

    static String current() {
      String name = org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName();
      return switch (name) {
        case "org.nd4j.linalg.cpu.nativecpu.CpuBackend" -> "cpu";
        case "org.nd4j.linalg.jcublas.JCublasBackend" -> "cuda";
        default -> name;
      };
    }
  }

  /** {@code --backend} against the backend the build loaded. */
  static final class BackendCheck {
    private BackendCheck() {}

    /** Null when {@code wanted} (auto, cpu, cuda) is satisfied by {@code actual}, else why not. */
    static String mismatch(String wanted, String actual) {
      String w = wanted.trim().toLowerCase(Locale.ROOT);
      if (!w.equals("auto") && !w.equals("cpu") && !w.equals("cuda")) {
        return "must be auto, cpu or cuda, got '" + wanted + "'";
      }
      if (w.equals("auto") || w.equals(actual)) {
        return null;
      }
      if (w.equals("cuda")) {
        return "ND4J runs its " + actual + " backend: this build has no CUDA backend, or it found "
            + "no usable GPU (build with mvn -Pcuda package on a machine with an NVIDIA driver and "
            + "the CUDA 11.6 runtime; see docs/cluster.md)";
      }
      return "ND4J runs its " + actual + " backend, not the CPU one (a -Pcuda build holds only "
          + "the CUDA backend; build without -Pcuda for the CPU)";
    }
  }

  /** The split of one end-to-end sweep's wall time × cores, in core-seconds and shares. */
  private static void print(PrintWriter out, String what, EndToEnd e) {
    out.printf(Locale.ROOT, "%n%s: %d runs of %d steps in %d packs (%.1f per core) through Spark (%s, %d cores) into Parquet in %.1f s%n",
        what, e.runs, e.steps, e.packs, e.packsPerCore(), e.master, e.cores, e.wallSeconds);
    double total = e.coreSeconds();
    out.printf(Locale.ROOT, "  of %.1f core-s (wall × cores): training %.1f (%.1f%%), diagnostics %.1f (%.1f%%), "
            + "engine: Spark scheduling + Parquet commits + idle cores %.1f (%.1f%%)%n",
        total, e.trainingSeconds, 100 * e.trainingSeconds / total, e.diagnosticsSeconds,
        100 * e.diagnosticsSeconds / total, e.engineSeconds(), 100 * e.engineShare());
    out.printf(Locale.ROOT, "  overhead (not training) %.1f%% of wall time × cores; diagnostics = %.2f × training%n",
        100 * e.overhead(), e.diagnosticsRatio());
    out.printf(Locale.ROOT, "  the JIT's compiler threads meanwhile: %s%n", Double.isNaN(e.jitSeconds())
        ? "unknown (no /proc)"
        : String.format(Locale.ROOT, "%.2f core-s (%.1f%%), on the same cores", e.jitSeconds(), 100 * e.jitShare()));
  }

  /**
   * Figures of an end-to-end sweep: training and diagnostics are the sums of the runs'
   * {@code wall_seconds − diagnostics_seconds} and {@code diagnostics_seconds}; the engine is the
   * rest of wall time × cores (Spark scheduling, serialising results, Parquet commits, the sweep
   * log, idle cores). {@code jitSeconds}: CPU the JIT's compiler threads took meanwhile, on the
   * same cores (so inside the other three figures; {@link JitCpu}).
   */
  record EndToEnd(int runs, long steps, int packs, String master, int cores, double wallSeconds,
      double trainingSeconds, double diagnosticsSeconds, double jitSeconds) {
    /** Share of the wall time × cores the JIT's compiler threads used meanwhile (NaN: unknown). */
    double jitShare() {
      return jitSeconds / coreSeconds();
    }

    double coreSeconds() {
      return wallSeconds * cores;
    }

    /** Share of the wall time × cores not spent training (engine and diagnostics). */
    double overhead() {
      return 1 - trainingSeconds / coreSeconds();
    }

    /** Core-seconds neither training nor diagnosing. */
    double engineSeconds() {
      return coreSeconds() - trainingSeconds - diagnosticsSeconds;
    }

    /** The engine's own share of the wall time × cores. */
    double engineShare() {
      return engineSeconds() / coreSeconds();
    }

    double diagnosticsRatio() {
      return diagnosticsSeconds / trainingSeconds;
    }

    double packsPerCore() {
      return (double) packs / cores;
    }
  }

  /** The bench sweep and the larger sweep, in one JVM after a warm-up sweep. */
  private EndToEnd[] endToEnd(EngineSettings engine) {
    Path dir;
    try {
      dir = Files.createTempDirectory("sweep-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      SparkSession spark = common.spark(engine);
      int cores = spark.sparkContext().defaultParallelism();
      warmUp(spark, engine, dir, cores);
      return new EndToEnd[] {
          measure(spark, engine, settings(endToEndSweep(quick)), dir.resolve("store"), cores),
          measure(spark, engine, settings(largerSweep(quick, cores)), dir.resolve("larger"), cores)};
    } finally {
      delete(dir);
    }
  }

  /** Warm-up sweeps: at least this many, and more while the JIT is busy, up to {@link #MAX_WARM_UPS}. */
  static final int MIN_WARM_UPS = 2;
  static final int MAX_WARM_UPS = 6;
  /** The JIT's share of a warm-up sweep's core-seconds under which the process counts as warm. */
  static final double WARM_JIT_SHARE = 0.05;

  /**
   * Brings the process to its steady state before anything is measured. The first Spark job and
   * Parquet write of a JVM pay seconds of class loading and code generation, and over its first
   * sweeps the JIT compiles the trainer, the diagnostics and the commit path on compiler threads
   * that share the cores with training (a quarter of the machine during the second sweep of a
   * process, every pack slowed by it). Both are paid once per {@code run}, not per pack, so the
   * bench sweep's grid at the quick length (2,000 steps) runs until its compiler threads take under
   * {@value #WARM_JIT_SHARE} of its core-seconds ({@value #MIN_WARM_UPS} to {@value
   * #MAX_WARM_UPS} sweeps; {@value #MAX_WARM_UPS} where the JIT's time cannot be read).
   */
  private void warmUp(SparkSession spark, EngineSettings engine, Path dir, int cores) {
    // The standard grid (4 seeds, 64 runs) in both modes: the JIT counts calls, and the quick
    // grid's 32 runs a sweep left it compiling after six rounds.
    SweepSettings warmSettings = settings(endToEndSweep(false)
        .replace("bench-end-to-end", "warm-up").replace("steps = 10000", "steps = 2000"));
    double share = Double.NaN;
    int round = 0;
    while (round < MAX_WARM_UPS
        && (round < MIN_WARM_UPS || !(share < WARM_JIT_SHARE))) {
      EndToEnd w = measure(spark, engine, warmSettings, dir.resolve("warm-up-" + round), cores);
      share = w.jitShare();
      round++;
    }
    PrintWriter err = spec.commandLine().getErr();
    err.printf(Locale.ROOT, "warm-up: %d sweeps; the JIT took %s of the last one's core-seconds%n",
        round, Double.isNaN(share) ? "an unknown share" : String.format(Locale.ROOT, "%.1f%%", 100 * share));
    err.flush();
  }

  private static SweepSettings settings(String sweep) {
    return SettingsParser.sweep(
        ConfigFactory.parseString(sweep).withFallback(ConfigLoader.defaults()).resolve(), "bench");
  }

  /** Runs {@code settings} into a fresh store at {@code dir}; timed as `run` reports it. */
  private static EndToEnd measure(SparkSession spark, EngineSettings engine, SweepSettings settings,
      Path dir, int cores) {
    SweepPlan plan = GridExpander.expand(settings);
    int packs = PackPlan.of(plan.runs(), engine.packSize(), engine.minPacks()).packs(); // as the runner cuts them
    Sweeps sweeps = Sweeps.open(spark, engine.withStore(dir.toString()));
    var launch = sweeps.prepare(settings, null);
    // Reading the store queued compilations of Spark's query code; let them finish first (a
    // once-per-run cost, like Spark's first job; what the JIT still does is reported).
    JitCpu.awaitQuiet(java.time.Duration.ofSeconds(5));
    double jit0 = JitCpu.seconds();
    // Timed: training and commits only (Outcome.seconds), as `run` reports them.
    double wall = sweeps.run(launch, n -> {}).seconds();
    double jit = JitCpu.seconds() - jit0;
    Row sums = sweeps.store().runs()
        .selectExpr("sum(wall_seconds - diagnostics_seconds)", "sum(diagnostics_seconds)").first();
    return new EndToEnd(plan.runs().size(), plan.runs().get(0).spec().train().steps(), packs,
        spark.sparkContext().master(), cores, wall, sums.getDouble(0), sums.getDouble(1), jit);
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
