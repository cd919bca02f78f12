package io.sweep.worker.bench;

import io.sweep.worker.data.TeacherStudent;
import io.sweep.worker.pack.Pack;
import io.sweep.worker.pack.PackBackend;
import io.sweep.worker.pack.PackTrainer;
import io.sweep.worker.pack.StepProfile;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.Teacher;
import io.sweep.worker.spec.TrainSpec;
import io.sweep.worker.train.Trainer;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training benchmark of PERFORMANCE.md, without Spark: the pack trainer against the naive
 * DL4J loop and against the GEMM ceiling, measured in one process.
 *
 * <p><b>Workloads</b>: label-noise SGD on MSE, ReLU networks with biases, linear teacher-student
 * Gaussian data of 1,024 samples (data noise 0.1); tiny = d 20, width 64, batch 16; medium = d
 * 100, width 512, batch 64 (both two-layer, plain SGD); deep = d 100, width 256, three hidden
 * layers, batch 64, heavy-ball momentum 0.9 (the velocity path and the per-replica products of
 * layers 2 and 3; measured when {@link BenchOptions#deepReplicas()} is not empty). A pack is
 * fused (its replicas share the seed, hence data, minibatches and noise draws, as a sweep's packs
 * do) and its replicas differ in step size ((0.1/m … 0.3/m)·(1 − μ)) and label noise (0 … 0.5);
 * the general path (one seed per replica) is measured
 * at the best pack size too.
 *
 * <p><b>What is timed</b>: the steady-state cost of an SGD step, as the difference between
 * whole {@code train} calls of 20 steps and of 20 + s steps, s chosen so that the difference
 * lasts about {@link BenchOptions#seconds()}, after warm-up calls that leave the JIT compiler
 * done with the code; start-up and the evaluations at both ends ({@code log-every} = steps)
 * cancel out. The naive loop is the reference {@link Trainer} on one of the same runs, timed the
 * same way. The ceiling is {@code Nd4j.gemm} on 1024 × 1024 float32 matrices, best of three
 * batches. The per-phase profile comes from a separate run with timers on (wall time).
 *
 * <p><b>Clocks</b>: every measurement is taken by the CPU time of the whole process, by wall time
 * and by the CPU time of the calling thread. Headline figures ("per core") use the process's CPU
 * time: with ND4J and OpenBLAS on one thread that is the work one core does for the training,
 * garbage collection and ND4J's deallocator threads included (DL4J's loop keeps them busy for
 * about half as long again as its own thread; the pack trainer hardly uses them), while time
 * other processes take on a shared machine is left out. The calling thread's time alone is the
 * lower bound of DL4J's cost. Run the benchmark in a JVM that does nothing else meanwhile
 * (before a Spark session starts).
 *
 * <p><b>Threads</b>: ND4J's own pool ({@code Environment maxThreads/maxMasterThreads}) and
 * OpenBLAS ({@code Nd4j.factory().blas().setMaxThreads}) are set to 1 for the duration and
 * restored after; OpenMP reads {@code OMP_NUM_THREADS} only at start-up, so run with {@code
 * OMP_NUM_THREADS=1} as well (the report says what was in effect).
 *
 * <p>Manual runs: {@code OMP_NUM_THREADS=1 java -cp <worker jar and its dependencies>
 * io.sweep.worker.bench.Benchmark [--quick]}. Not thread-safe: it changes ND4J's global thread
 * settings while it runs.
 */
public final class Benchmark {

  private static final int SAMPLES = 1024;
  private static final int TEST_SAMPLES = 256;
  private static final long SEED = 20240601L;
  private static final long SHORT = 20;
  private static final long PROBE = 100;

  private Benchmark() {}

  /** Runs the benchmark; prints progress to stderr, then the report and its summary line. */
  public static void main(String[] args) {
    boolean quick = false;
    PackBackend path = PackBackend.AUTO;
    for (String a : args) {
      if (a.equals("--quick")) {
        quick = true;
      } else if (a.startsWith("--pack-backend=")) {
        path = PackBackend.of(a.substring("--pack-backend=".length()));
      } else {
        System.err.println("usage: Benchmark [--quick] [--pack-backend=auto|native-cpu|nd4j]");
        System.exit(2);
      }
    }
    BenchReport report =
        run(quick ? BenchOptions.quick() : BenchOptions.standard(), System.err::println, path);
    System.out.print(report.format());
    System.out.println("bench: " + report.summary());
  }

  /** Measures everything {@link BenchReport} holds, silently. */
  public static BenchReport run(BenchOptions options) {
    return run(options, line -> {});
  }

  /**
   * Measures everything {@link BenchReport} holds.
   *
   * @param options  pack sizes to try and time per measurement
   * @param progress told one line after each measurement
   * @return the figures
   */
  public static BenchReport run(BenchOptions options, Consumer<String> progress) {
    return run(options, progress, PackBackend.AUTO);
  }

  /**
   * Measures everything {@link BenchReport} holds with the pack trainer on {@code packBackend}'s
   * path ({@code engine.pack-backend}); the report's set-up line names ND4J's backend, the device
   * and the path.
   */
  public static BenchReport run(
      BenchOptions options, Consumer<String> progress, PackBackend packBackend) {
    Environment env = Nd4j.getEnvironment();
    int maxThreads = env.maxThreads();
    int masterThreads = env.maxMasterThreads();
    int blasThreads = Nd4j.factory().blas().getMaxThreads();
    env.setMaxThreads(1);
    env.setMaxMasterThreads(1);
    Nd4j.factory().blas().setMaxThreads(1);
    try {
      String setup = "nd4j=" + env.maxThreads() + " blas=" + Nd4j.factory().blas().getMaxThreads()
          + " OMP_NUM_THREADS=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset")
          + ", " + Runtime.getRuntime().availableProcessors() + " processors"
          + ", " + describeBackend(packBackend);
      progress.accept(describeBackend(packBackend));
      double gemm = gemmGflops(options.seconds());
      progress.accept(String.format(Locale.ROOT, "gemm ceiling %.1f GFLOP/s", gemm));
      BenchReport.Workload tiny =
          workload("tiny", new Shape(20, 64, 16, 1, 0), options.tinyReplicas(), options,
              progress, packBackend);
      BenchReport.Workload medium =
          workload("medium", new Shape(100, 512, 64, 1, 0), options.mediumReplicas(), options,
              progress, packBackend);
      BenchReport.Workload deep = options.deepReplicas().isEmpty() ? null
          : workload("deep", new Shape(100, 256, 64, 3, 0.9), options.deepReplicas(), options,
              progress, packBackend);
      return new BenchReport(gemm, tiny, medium, deep, setup);
    } finally {
      env.setMaxThreads(maxThreads);
      env.setMaxMasterThreads(masterThreads);
      Nd4j.factory().blas().setMaxThreads(blasThreads);
    }
  }

  private static BenchReport.Workload workload(
      String name, Shape shape, List<Integer> sizes, BenchOptions options,
      Consumer<String> progress, PackBackend path) {
    List<BenchReport.EngineRate> rates = new ArrayList<>();
    List<Integer> tried = new ArrayList<>(sizes);
    for (int i = 0; i < tried.size(); i++) {
      int r = tried.get(i);
      BenchReport.EngineRate rate = engineRate(shape, r, false, options.seconds(), path);
      rates.add(rate);
      progress.accept(String.format(Locale.ROOT, "%s engine R=%d: %.0f replica-steps/s per core",
          name, r, rate.rate().perCore()));
      if (options.untilSaturated() && i == tried.size() - 1 && !saturated(rates)
          && r < MAX_REPLICAS) {
        tried.add(Math.min(MAX_REPLICAS, 2 * r)); // still growing: try a pack twice as large
      }
    }
    BenchReport.EngineRate best =
        Collections.max(rates, Comparator.comparingDouble(e -> e.rate().perCore()));
    BenchReport.EngineRate general =
        engineRate(shape, best.replicas(), true, options.seconds(), path);
    progress.accept(String.format(Locale.ROOT, "%s general path R=%d: %.0f replica-steps/s",
        name, best.replicas(), general.rate().perCore()));

    RunSpec one = shape.runs(1, false, SHORT).get(0);
    BenchReport.Rate naive = perStep(
        steps -> time(() -> new Trainer().train(withSteps(one, steps), shape.data)),
        options.seconds()).inverse(1);
    progress.accept(String.format(Locale.ROOT, "%s naive DL4J: %.0f steps/s per core",
        name, naive.perCore()));

    int d = shape.d;
    int width = shape.width;
    double flops = 6.0 * shape.batch
        * ((double) d * width + (shape.depth - 1.0) * width * width + width);
    return new BenchReport.Workload(name, d, width, shape.batch, rates, best, general, naive,
        flops, profile(shape, best, options.seconds(), path), shape.depth, shape.momentum);
  }

  /** The largest pack the saturation search tries. */
  static final int MAX_REPLICAS = 4096;

  /**
   * Whether the replica-steps/s have stopped growing with the pack size: the last size measured
   * gained less than 10% over the best smaller one (the device is full).
   */
  static boolean saturated(List<BenchReport.EngineRate> rates) {
    if (rates.size() < 2) {
      return false;
    }
    double last = rates.get(rates.size() - 1).rate().perCore();
    double before = 0;
    for (int i = 0; i < rates.size() - 1; i++) {
      before = Math.max(before, rates.get(i).rate().perCore());
    }
    return !(last > 1.1 * before);
  }

  /** ND4J's backend, the device it computes on and the pack path, for the report. */
  static String describeBackend(PackBackend path) {
    String backend = Nd4j.getBackend().getClass().getSimpleName();
    String device = Nd4j.getEnvironment().isCPU()
        ? "cpu"
        : "gpu:" + Nd4j.getAffinityManager().getDeviceForCurrentThread();
    return "backend " + backend + ", device " + device + ", pack path " + path.resolve().key();
  }

  /** Replica-steps per second of a pack of {@code replicas} runs. */
  private static BenchReport.EngineRate engineRate(
      Shape shape, int replicas, boolean distinctSeeds, double seconds, PackBackend path) {
    List<TeacherStudent> sets = shape.dataSets(replicas, distinctSeeds);
    Times perStep = perStep(
        steps -> time(() -> new PackTrainer(path).train(
            new Pack(shape.runs(replicas, distinctSeeds, steps)), sets)),
        seconds);
    return new BenchReport.EngineRate(replicas, perStep.inverse(replicas));
  }

  private static Map<StepProfile.Phase, Double> profile(
      Shape shape, BenchReport.EngineRate rate, double seconds, PackBackend path) {
    int replicas = rate.replicas();
    long steps = Math.max(PROBE, Math.round(seconds / 2 * rate.rate().wall() / replicas));
    StepProfile profile = new StepProfile();
    new PackTrainer(profile, path).train(
        new Pack(shape.runs(replicas, false, steps)), shape.dataSets(replicas, false));
    Map<StepProfile.Phase, Double> micros = new EnumMap<>(StepProfile.Phase.class);
    for (Map.Entry<StepProfile.Phase, Long> e : profile.all().entrySet()) {
      micros.put(e.getKey(), e.getValue() / 1e3 / steps);
    }
    return micros;
  }

  /**
   * Seconds per step of a training call in steady state, without its fixed costs (start-up, the
   * initial and final evaluations): after two probe calls of {@value #SHORT} + {@value #PROBE}
   * steps (the second estimates the time per step) and a warm-up call of about {@code seconds}
   * (so that the JIT compiler has finished with the code), the difference between a call of
   * {@value #SHORT} steps and one of about {@code seconds} more.
   */
  private static Times perStep(LongFunction<Times> call, double seconds) {
    call.apply(SHORT + PROBE);
    Times probe = call.apply(SHORT + PROBE);
    // Fixed costs included, this overestimates the time per step: the calls stay within budget.
    double estimate = probe.thread / (SHORT + PROBE);
    long extra = Math.max(PROBE, Math.round(seconds / estimate));
    call.apply(SHORT + extra);
    Times shortCall = call.apply(SHORT);
    Times longCall = call.apply(SHORT + extra);
    return longCall.minus(shortCall).over(extra);
  }

  private static RunSpec withSteps(RunSpec r, long steps) {
    return new RunSpec(r.runId(), r.seed(), r.model(), r.data(),
        r.train().withSteps(steps, (int) steps));
  }

  /** float32 GEMM 1024³ through ND4J, GFLOP/s of CPU time, best of three batches. */
  static double gemmGflops(double seconds) {
    int n = 1024;
    INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray c = Nd4j.create(DataType.FLOAT, n, n);
    Runnable product = () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    double each = time(() -> repeat(product, 3)).process / 3;
    int reps = (int) Math.max(3, Math.min(1000, seconds / 3 / each));
    double best = Double.MAX_VALUE;
    for (int k = 0; k < 3; k++) {
      best = Math.min(best, time(() -> repeat(product, reps)).process / reps);
    }
    return 2.0 * n * n * n / best / 1e9;
  }

  private static void repeat(Runnable r, int times) {
    for (int i = 0; i < times; i++) {
      r.run();
    }
  }

  /** The three clocks around {@code work}. */
  static Times time(Runnable work) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    com.sun.management.OperatingSystemMXBean sun =
        os instanceof com.sun.management.OperatingSystemMXBean s ? s : null;
    boolean threadClock = threads.isCurrentThreadCpuTimeSupported();
    long w0 = System.nanoTime();
    long t0 = threadClock ? threads.getCurrentThreadCpuTime() : 0;
    long p0 = sun != null ? sun.getProcessCpuTime() : 0;
    work.run();
    Nd4j.getExecutioner().commit(); // asynchronous backends (CUDA): the work is done
    double wall = (System.nanoTime() - w0) / 1e9;
    double thread = threadClock ? (threads.getCurrentThreadCpuTime() - t0) / 1e9 : wall;
    double process = sun != null && p0 >= 0 ? (sun.getProcessCpuTime() - p0) / 1e9 : wall;
    if (!Nd4j.getEnvironment().isCPU()) {
      // On a GPU the host's CPU time says nothing of the device's work: the headline ("per
      // core") figure becomes per device, by wall time.
      process = wall;
    }
    return new Times(wall, thread, process);
  }

  /** Seconds by wall clock, calling thread's CPU time and whole process's CPU time. */
  record Times(double wall, double thread, double process) {
    Times minus(Times o) {
      return new Times(wall - o.wall, thread - o.thread, process - o.process);
    }

    Times over(double n) {
      return new Times(wall / n, thread / n, process / n);
    }

    /**
     * {@code count} over each time: a rate; non-positive differences become NaN. The process's
     * CPU time counts at least the calling thread's: the JVM reads it from times(2) in 10-ms
     * ticks, and where other threads (the JIT, the collector) ran during the short call, the
     * long-minus-short difference could come out far below the work done ({@code --quick} once
     * reported the deep workload at 10× its rate).
     */
    BenchReport.Rate inverse(double count) {
      return new BenchReport.Rate(rate(count, Math.max(process, thread)), rate(count, wall),
          rate(count, thread));
    }

    private static double rate(double count, double seconds) {
      return seconds > 0 ? count / seconds : Double.NaN;
    }
  }

  /**
   * A workload's runs and data: R relu networks with biases, step sizes (0.1/m … 0.3/m)·(1 − μ)
   * (stable: the effective step η·m/(1 − μ) stays ≤ 0.3) and label noise 0 … 0.5, one seed
   * (fused) or one per replica.
   */
  private static final class Shape {
    final int d;
    final int width;
    final int batch;
    final int depth;
    final double momentum;
    final DataSpec spec;
    final TeacherStudent data;

    Shape(int d, int width, int batch, int depth, double momentum) {
      this.d = d;
      this.width = width;
      this.batch = batch;
      this.depth = depth;
      this.momentum = momentum;
      spec = new DataSpec(d, Teacher.LINEAR, 0.1, SAMPLES, TEST_SAMPLES, 1);
      data = TeacherStudent.generate(spec, SEED);
    }

    List<RunSpec> runs(int replicas, boolean distinctSeeds, long steps) {
      List<RunSpec> runs = new ArrayList<>(replicas);
      for (int r = 0; r < replicas; r++) {
        double u = replicas == 1 ? 0.5 : (double) r / (replicas - 1);
        runs.add(new RunSpec(
            "bench-" + r, distinctSeeds ? SEED + r : SEED,
            new ModelSpec(width, Activation.RELU, 1.0, true).withDepth(depth), spec,
            new TrainSpec((0.1 + 0.2 * u) / width * (1 - momentum), batch, 0.5 * u, steps,
                (int) steps, 1e6).withOptimiser(momentum, 0)));
      }
      return runs;
    }

    List<TeacherStudent> dataSets(int replicas, boolean distinctSeeds) {
      if (!distinctSeeds) {
        return Collections.nCopies(replicas, data);
      }
      Map<Long, TeacherStudent> bySeed = new HashMap<>();
      List<TeacherStudent> sets = new ArrayList<>(replicas);
      for (int r = 0; r < replicas; r++) {
        sets.add(bySeed.computeIfAbsent(
            SEED + r, s -> s == SEED ? data : TeacherStudent.generate(spec, s)));
      }
      return sets;
    }
  }
}
