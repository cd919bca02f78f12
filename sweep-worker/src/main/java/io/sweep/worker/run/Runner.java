package io.sweep.worker.run;

import io.sweep.worker.data.TeacherStudent;
import io.sweep.worker.train.Trainer;
import io.sweep.worker.train.TrainingOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;
import java.util.function.BiFunction;

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
  /** Longest {@code error} text of a failed run. */
  public static final int MAX_ERROR_CHARS = 2000;

  private static final Trainer TRAINER = new Trainer();

  private Runner() {}

  /**
   * Runs {@code spec}.
   *
   * @param spec the fully resolved run
   * @return ok, diverged or failed, with the final losses, steps done and wall time
   */
  public static RunResult run(RunSpec spec) {
    return run(spec, TRAINER::train);
  }

  /** {@link #run(RunSpec)} with the training step replaced: the seam that tests use to fail it. */
  static RunResult run(
      RunSpec spec, BiFunction<RunSpec, TeacherStudent, TrainingOutcome> training) {
    Objects.requireNonNull(spec, "spec");
    long start = System.nanoTime();
    try {
      TeacherStudent data = TeacherStudent.generate(spec.data(), spec.seed());
      TrainingOutcome outcome = training.apply(spec, data);
      return new RunResult(
          spec.runId(),
          outcome.status(),
          outcome.error(),
          outcome.trainLoss(),
          outcome.testLoss(),
          outcome.stepsDone(),
          seconds(start),
          DEVICE);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      // DL4J rethrows checked exceptions unchecked (Lombok's @SneakyThrows): keep the interrupt.
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return new RunResult(
          spec.runId(), RunStatus.FAILED, describe(t), Double.NaN, Double.NaN, 0, seconds(start),
          DEVICE);
    }
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
