package io.sweep.worker.run;

import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.Teacher;
import io.sweep.worker.spec.TrainSpec;
/** Small run specs for tests: every number explicit, nothing read from config. */
public final class TestSpecs {

  /** Diagnostics settings of the tests: the defaults of conf/application.conf, λmax every 10 steps. */
  public static final io.sweep.worker.diagnose.DiagnosticsSpec DIAGNOSTICS =
      new io.sweep.worker.diagnose.DiagnosticsSpec(0.1, 0.1, 1e-3, 16, 600, 10);

  private TestSpecs() {}

  /** A linear-teacher data spec without data noise. */
  public static DataSpec data(int d, int n, int testSamples) {
    return new DataSpec(d, Teacher.LINEAR, 0.0, n, testSamples, 1);
  }

  /**
   * A small run that trains in milliseconds: width 8, 4 inputs, 32 samples, batch 8, 50 steps of
   * lr 0.05, logged every 10.
   */
  public static RunSpec small(String id, long seed, double labelNoise) {
    return new RunSpec(
        id,
        seed,
        new ModelSpec(8, Activation.RELU, 1.0, false),
        new DataSpec(4, Teacher.LINEAR, 0.1, 32, 40, 1),
        new TrainSpec(0.05, 8, labelNoise, 50, 10, 1000.0));
  }

  /**
   * The easy problem of the tests: linear teacher, no noise, width 16, unit init scale, no
   * biases.
   */
  public static RunSpec easy(
      Activation activation, int d, int n, double lr, int batch, long steps, int logEvery) {
    return new RunSpec(
        "test-run",
        7L,
        new ModelSpec(16, activation, 1.0, false),
        data(d, n, 200),
        new TrainSpec(lr, batch, 0.0, steps, logEvery, 1000.0));
  }
}
