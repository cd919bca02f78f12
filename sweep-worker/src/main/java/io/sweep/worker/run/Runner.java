package io.sweep.worker.run;

import io.sweep.worker.data.DataModel;
import io.sweep.worker.data.DataSet;
import io.sweep.worker.diagnose.BlockHessian;
import io.sweep.worker.diagnose.Diagnostics;
import io.sweep.worker.diagnose.DiagnosticsResult;
import io.sweep.worker.diagnose.DiagnosticsSpec;
import io.sweep.worker.diagnose.PackDiagnostics;
import io.sweep.worker.diagnose.PackTrajectory;
import io.sweep.worker.diagnose.TrajectoryRecorder;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.pack.Pack;
import io.sweep.worker.pack.PackBackend;
import io.sweep.worker.pack.PackTrainer;
import io.sweep.worker.pack.ReplicaOutcome;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.RunStatus;
import io.sweep.worker.train.StepReporter;
import io.sweep.worker.train.Trainer;
import io.sweep.worker.train.TrainingObserver;
import io.sweep.worker.train.TrainingOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs one {@link RunSpec} end to end: generates its data, trains, and returns a {@link
 * RunResult}. This is the function a Spark task calls.
 *
 * <p>Never throws for a failing run: any exception or error inside (including ND4J native and
 * class-loading errors) becomes a result with status {@link RunStatus#FAILED} whose {@code error}
 * is the stack trace (starting {@code class: message}), cut to {@value #MAX_ERROR_CHARS}
 * characters. Only {@link VirtualMachineError}s (out of memory, stack overflow, internal errors)
 * propagate, because the JVM that threw them cannot be trusted to go on.
 *
 * <p>Wall time covers data generation, training and evaluation ({@link System#nanoTime()}).
 *
 * <p>Stateless and thread-safe: concurrent calls share nothing.
 */
public final class Runner {

  /** The device reported by this CPU runner. */
  public static final String DEVICE = "cpu";
  /** The {@code trainer} of a run trained in a pack by the {@link PackTrainer}'s native-CPU path. */
  public static final String PACK = "pack";
  /** The {@code trainer} of a run trained alone by the reference {@link Trainer}. */
  public static final String REFERENCE = "reference";
  /** Longest {@code error} text of a failed run. */
  public static final int MAX_ERROR_CHARS = 2000;

  private static final Trainer TRAINER = new Trainer();

  private Runner() {}

  /** How a run is trained: the reference trainer, or a test's stand-in. */
  @FunctionalInterface
  interface Training {
    TrainingOutcome train(RunSpec spec, DataSet data, TrainingObserver observer);
  }

  /** How a pack is trained: the {@link PackTrainer}, or a test's stand-in. */
  @FunctionalInterface
  interface PackTraining {
    List<ReplicaOutcome> train(
        Pack pack, List<DataSet> data, List<TrainingObserver> observers);

    /** Why this trainer cannot train {@code pack} (the trainer choice), empty when it can. */
    default java.util.Optional<String> unsupported(Pack pack) {
      return PackTrainer.unsupported(pack);
    }

    /** The {@code trainer} of the runs it trains. */
    default String name() {
      return PACK;
    }
  }

  /**
   * Runs {@code spec}: trains it, recording its trajectory, then computes the end-of-training
   * diagnostics.
   *
   * @param spec        the fully resolved run
   * @param diagnostics tolerances and Hessian settings of the sweep
   * @return ok, diverged or failed, with the final losses, diagnostics, trajectory, steps done
   *     and wall time
   */
  public static RunResult run(RunSpec spec, DiagnosticsSpec diagnostics) {
    return run(spec, diagnostics, TRAINER::train);
  }

  /** {@link #run(RunSpec, DiagnosticsSpec)} with the training step replaced (a test seam). */
  static RunResult run(RunSpec spec, DiagnosticsSpec diagnostics, Training training) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(diagnostics, "diagnostics");
    long start = System.nanoTime();
    try {
      DataSet data = DataModel.dataSet(spec.data(), spec.seed());
      TrajectoryRecorder trajectory =
          new TrajectoryRecorder(data.train(), data.test(), diagnostics, spec.seed());
      TrainingOutcome outcome = training.train(spec, data, trajectory);
      return complete(spec, diagnostics, data, outcome, trajectory, start);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      return failed(spec, t, start);
    }
  }

  /** The {@code failed} result of a run that threw (VM errors are rethrown by the callers). */
  private static RunResult failed(RunSpec spec, Throwable t, long start) {
    // DL4J rethrows checked exceptions unchecked (Lombok's @SneakyThrows): keep the interrupt.
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return failed(spec, t, start, REFERENCE);
  }

  private static RunResult failed(RunSpec spec, Throwable t, long start, String trainer) {
    return new RunResult(spec.runId(), RunStatus.FAILED, describe(t), Double.NaN, Double.NaN, 0,
        seconds(start), DEVICE, 0, null, List.of(), trainer);
  }

  /**
   * Runs a pack of runs that share tensor shapes, trained together by the {@link PackTrainer}
   * (PERFORMANCE.md; each replica follows its reference {@link Trainer} trajectory to float32
   * rounding), each with its own trajectory and diagnostics. Results are in the pack's order.
   *
   * <p>The trainer choice: when the pack trainer does not support the pack ({@link
   * PackTrainer#unsupported}), or fails on it, every run falls back to {@link #run(RunSpec,
   * DiagnosticsSpec)}, the reference path, so one bad pack costs speed, never results. Each result
   * says which trainer it had ({@link RunResult#trainer()}): {@value #PACK}, {@value #REFERENCE}
   * for a pack of one, or {@code reference: WHY} after a fall-back (the unsupported reason, or
   * {@code pack trainer failed: EXCEPTION}).
   *
   * <p>Diagnostics: {@link Diagnostics#compute} per run with {@link PackDiagnostics}: the
   * Hessian's products in blocks ({@link BlockHessian}) and one least-squares fit per data set;
   * the reference path's numbers.
   *
   * <p>{@code wallSeconds} of a run is its share of the pack's training time (pack time / R) plus
   * its own diagnostics.
   */
  public static List<RunResult> run(Pack pack, DiagnosticsSpec diagnostics) {
    return run(pack, diagnostics, PackBackend.AUTO, StepReporter.NONE);
  }

  /**
   * {@link #run(Pack, DiagnosticsSpec)} on the pack path {@code backend} ({@code
   * engine.pack-backend}); its {@code trainer} is {@link PackBackend#trainer()} ({@value #PACK}
   * for the native-CPU path, {@code pack:nd4j} for the neutral one).
   */
  public static List<RunResult> run(Pack pack, DiagnosticsSpec diagnostics, PackBackend backend) {
    return run(pack, diagnostics, backend, StepReporter.NONE);
  }

  /** {@link #run(Pack, DiagnosticsSpec, PackBackend, java.util.function.LongConsumer)} on the default path. */
  public static List<RunResult> run(
      Pack pack, DiagnosticsSpec diagnostics, java.util.function.LongConsumer progress) {
    return run(pack, diagnostics, PackBackend.AUTO, progress);
  }

  /**
   * {@link #run(Pack, DiagnosticsSpec, PackBackend)}, handing the replica-steps taken to {@code
   * progress} as training advances (a live view's; {@link StepReporter}). A pack that falls back
   * to the reference trainer part-way reports its steps again, so a reader caps a pack's count at
   * its planned replica-steps.
   */
  public static List<RunResult> run(Pack pack, DiagnosticsSpec diagnostics, PackBackend backend,
      java.util.function.LongConsumer progress) {
    PackTrainer trainer = new PackTrainer(backend);
    return run(pack, diagnostics, new PackTraining() {
      @Override
      public List<ReplicaOutcome> train(
          Pack p, List<DataSet> data, List<TrainingObserver> observers) {
        return trainer.train(p, data, observers, progress);
      }

      @Override
      public java.util.Optional<String> unsupported(Pack p) {
        return PackTrainer.unsupported(p, backend);
      }

      @Override
      public String name() {
        return backend.trainer();
      }
    }, (spec, data, observer) -> TRAINER.train(spec, data, observer, progress));
  }

  /** The {@code trainer} of a run that fell back to the reference trainer, and why. */
  static String fellBack(String why) {
    return REFERENCE + ": " + why;
  }

  /** Trains every run of {@code pack} alone with the reference, recording why. */
  private static List<RunResult> fallBack(
      Pack pack, DiagnosticsSpec diagnostics, Training training, String why) {
    String trainer = fellBack(why);
    return pack.runs().stream()
        .map(spec -> run(spec, diagnostics, training).withTrainer(trainer)).toList();
  }

  /**
   * {@link #run(Pack, DiagnosticsSpec)} with the pack trainer and the reference training step
   * (of a pack of one, and of the fall-back) replaced (a test seam).
   */
  static List<RunResult> run(
      Pack pack, DiagnosticsSpec diagnostics, PackTraining packTraining, Training training) {
    return run(pack, diagnostics, packTraining, training, SpareCores.jvm());
  }

  /**
   * {@link #run(Pack, DiagnosticsSpec, PackTraining, Training)} holding one of {@code cores}' slots
   * while the pack runs, its runs' diagnostics shared with the slots no pack holds.
   */
  static List<RunResult> run(Pack pack, DiagnosticsSpec diagnostics, PackTraining packTraining,
      Training training, SpareCores cores) {
    try (SpareCores.Hold held = cores.hold()) {
      return runHolding(pack, diagnostics, packTraining, training, cores);
    }
  }

  private static List<RunResult> runHolding(Pack pack, DiagnosticsSpec diagnostics,
      PackTraining packTraining, Training training, SpareCores cores) {
    Objects.requireNonNull(pack, "pack");
    Objects.requireNonNull(diagnostics, "diagnostics");
    if (pack.size() == 1) {
      return List.of(run(pack.first(), diagnostics, training));
    }
    java.util.Optional<String> unsupported = packTraining.unsupported(pack);
    if (unsupported.isPresent()) {
      return fallBack(pack, diagnostics, training, unsupported.get());
    }
    long start = System.nanoTime();
    List<DataSet> data;
    List<TrajectoryRecorder> recorders = new ArrayList<>(pack.size());
    List<ReplicaOutcome> outcomes;
    // The points of all replicas of a log step computed together (one seed's replicas as one
    // evaluation over their shared samples); each recorder still reads as the run's own.
    PackTrajectory trajectory = new PackTrajectory(diagnostics);
    try {
      data = DataModel.perSeed(pack.runs()); // replicas of one seed share one data set
      for (int r = 0; r < pack.size(); r++) {
        DataSet d = data.get(r);
        recorders.add(trajectory.add(d.train(), d.test(), pack.runs().get(r).seed()));
      }
      outcomes = packTraining.train(pack, data, List.copyOf(recorders));
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      trajectory.release();
      LOG.warn("pack of {} runs failed in the pack trainer ({}); running them one by one",
          pack.size(), t.toString());
      String what = t.toString().strip().replaceAll("\\s+", " ");
      return fallBack(pack, diagnostics, training, "pack trainer failed: "
          + (what.length() <= 200 ? what : what.substring(0, 200)));
    }
    double trainingShare = (System.nanoTime() - start) / 1e9 / pack.size();
    trajectory.finish(); // every point computed here, so that any thread may read the recorders
    // The runs are diagnosed one after another, and also on cores no pack holds (the tail of a
    // sweep); each thread with its own scratch, so the results are the same either way.
    return cores.map(pack.size(), PackDiagnostics::new, (methods, r) -> {
      RunSpec spec = pack.runs().get(r);
      ReplicaOutcome o = outcomes.get(r);
      TrajectoryRecorder recorder = recorders.get(r);
      long diagnosticsStart = System.nanoTime();
      DiagnosticsResult d;
      try {
        d = diagnose(spec, diagnostics, data.get(r), o.status(), o.parameters(), o.trainLoss(),
            recorder, methods);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable t) { // this run fails; the other runs of the pack keep their results
        return failed(spec, t, diagnosticsStart, packTraining.name());
      }
      double diagnosticsSeconds = (System.nanoTime() - diagnosticsStart) / 1e9;
      return new RunResult(spec.runId(), o.status(), o.error(), o.trainLoss(), o.testLoss(),
          o.stepsDone(), trainingShare + diagnosticsSeconds, DEVICE,
          recorder.seconds() + diagnosticsSeconds, d, recorder.points(), packTraining.name(),
          finalParameters(o.status(), o.parameters()));
    });
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Runner.class);

  /**
   * The result of a trained run: its outcome plus the diagnostics of its final parameters (none
   * for a diverged run).
   */
  static RunResult complete(RunSpec spec, DiagnosticsSpec diagnostics, DataSet data,
      TrainingOutcome outcome, TrajectoryRecorder trajectory, long start) {
    long diagnosticsStart = System.nanoTime();
    DiagnosticsResult d = diagnose(spec, diagnostics, data, outcome.status(), outcome.parameters(),
        outcome.trainLoss(), trajectory, Diagnostics.Methods.ORACLE);
    return new RunResult(
        spec.runId(),
        outcome.status(),
        outcome.error(),
        outcome.trainLoss(),
        outcome.testLoss(),
        outcome.stepsDone(),
        seconds(start),
        DEVICE,
        trajectory.seconds() + seconds(diagnosticsStart),
        d,
        trajectory.points(),
        REFERENCE,
        finalParameters(outcome.status(), outcome.parameters()));
  }

  /** The final parameters a result carries to the {@code weights} table: an ok run's only. */
  private static NetworkParameters finalParameters(RunStatus status, NetworkParameters p) {
    return status == RunStatus.OK ? p : null;
  }

  /**
   * The diagnostics of a trained run's final parameters, or null for a diverged run: its
   * parameters are astronomically large or non-finite, no metric of them means anything, and a
   * single one would swamp a phase cell's average. The trajectory's logged training losses give
   * converged and max_loss_ratio (the trainers are not involved).
   */
  private static DiagnosticsResult diagnose(RunSpec spec, DiagnosticsSpec diagnostics,
      DataSet data, RunStatus status, NetworkParameters parameters, double trainLoss,
      TrajectoryRecorder trajectory, Diagnostics.Methods methods) {
    if (status != RunStatus.OK) {
      return null;
    }
    return Diagnostics.compute(parameters, data, diagnostics, spec.train(), trainLoss,
        spec.seed(), trajectory.trainLosses(), methods);
  }

  /**
   * The end-of-run diagnostics of a stored run recomputed from its final parameters, without
   * training ({@code bin/sweep diagnose}): the run's data regenerated from its spec as training
   * did, then exactly the computation of a trained run, so the same settings give bitwise the
   * same diagnostics.
   *
   * @param spec        the run (its data, train settings and seed)
   * @param diagnostics the settings to diagnose with
   * @param parameters  the run's final parameters, as stored
   * @param trainLoss   its final training loss, as stored
   * @param trainLosses the training losses of its logged trajectory, step 0 first
   * @param packed      whether a pack trained it ({@code trainer} {@value #PACK} or {@code pack:…}):
   *                    then the pack path's methods ({@link PackDiagnostics}, block products that
   *                    sum in another order than the oracle's), so that the same settings give
   *                    the very numbers the run was stored with
   */
  public static DiagnosticsResult rediagnose(RunSpec spec, DiagnosticsSpec diagnostics,
      NetworkParameters parameters, double trainLoss, List<Double> trainLosses, boolean packed) {
    DataSet data = DataModel.dataSet(spec.data(), spec.seed());
    return Diagnostics.compute(parameters, data, diagnostics, spec.train(), trainLoss,
        spec.seed(), trainLosses, packed ? new PackDiagnostics() : Diagnostics.Methods.ORACLE);
  }

  /** Whether a row's {@code trainer} says a pack trained the run ({@code pack}, {@code pack:nd4j}). */
  public static boolean packed(String trainer) {
    return trainer != null && (trainer.equals(PACK) || trainer.startsWith(PACK + ":"));
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static String describe(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    String s = trace.toString().strip();
    return s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS);
  }
}
