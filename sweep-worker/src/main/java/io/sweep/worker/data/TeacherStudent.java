package io.sweep.worker.data;

import io.sweep.worker.run.DataSpec;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A teacher-student data set: Gaussian inputs labelled by a fixed teacher plus data noise drawn
 * once (SCIENCE.md, "Data models" and "Two kinds of noise").
 *
 * <p>For the linear teacher, with the run seed s:
 *
 * <ol>
 *   <li>β* : d Gaussians from stream {@code "teacher"}, divided by their Euclidean norm (‖β*‖ = 1).
 *   <li>training set, stream {@code "train"}, sample by sample for i = 0 … n−1: d Gaussians
 *       xᵢ₁ … x_{id}, then one Gaussian εᵢ; yᵢ = β*·xᵢ + dataNoise · εᵢ. εᵢ is drawn even when
 *       dataNoise = 0, so the first n samples are the same for every sample count (nested
 *       prefixes: runs at different n are paired) and the inputs are the same for every
 *       data-noise level.
 *   <li>test set: the same recipe from stream {@code "test"}, {@code testSamples} rows, with the
 *       same data noise in its labels (the test loss of the Bayes predictor is dataNoise²).
 * </ol>
 *
 * <p>Immutable and thread-safe once built.
 */
public final class TeacherStudent {

  private final DataSpec spec;
  private final double[] beta;
  private final Samples train;
  private final Samples test;

  private TeacherStudent(DataSpec spec, double[] beta, Samples train, Samples test) {
    this.spec = spec;
    this.beta = beta;
    this.train = train;
    this.test = test;
  }

  /**
   * Draws the data set of {@code spec} for the run seed {@code seed}.
   *
   * @param spec the data set's shape, teacher and noise
   * @param seed the run's seed; streams {@code "teacher"}, {@code "train"} and {@code "test"}
   *             derive from it
   * @return the data set; a pure function of its arguments
   */
  public static TeacherStudent generate(DataSpec spec, long seed) {
    Objects.requireNonNull(spec, "spec");
    int d = spec.inputDim();
    double[] beta =
        switch (spec.teacher()) {
          case LINEAR -> unitGaussian(d, new SplittableRandom(Seeds.derive(seed, Seeds.TEACHER)));
        };
    Samples train = draw(spec.samples(), beta, spec.dataNoise(), Seeds.derive(seed, Seeds.TRAIN));
    Samples test = draw(spec.testSamples(), beta, spec.dataNoise(), Seeds.derive(seed, Seeds.TEST));
    return new TeacherStudent(spec, beta, train, test);
  }

  /** The spec this data set was drawn for. */
  public DataSpec spec() {
    return spec;
  }

  /** The training set: n = {@code spec().samples()} rows. */
  public Samples train() {
    return train;
  }

  /** The test set: {@code spec().testSamples()} rows, same distribution, independent stream. */
  public Samples test() {
    return test;
  }

  /** The linear teacher's unit-norm coefficient vector β* (a copy, length d). */
  public double[] beta() {
    return beta.clone();
  }

  private static double[] unitGaussian(int d, SplittableRandom rng) {
    double[] v = new double[d];
    double ss = 0;
    for (int k = 0; k < d; k++) {
      v[k] = rng.nextGaussian();
      ss += v[k] * v[k];
    }
    double norm = Math.sqrt(ss);
    for (int k = 0; k < d; k++) {
      v[k] /= norm;
    }
    return v;
  }

  private static Samples draw(int n, double[] beta, double dataNoise, long streamSeed) {
    int d = beta.length;
    SplittableRandom rng = new SplittableRandom(streamSeed);
    double[] x = new double[Math.multiplyExact(n, d)];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double dot = 0;
      for (int k = 0; k < d; k++) {
        double v = rng.nextGaussian();
        x[i * d + k] = v;
        dot += beta[k] * v;
      }
      // Always drawn, even for dataNoise = 0: keeps sample i + 1 at the same place in the stream.
      double eps = rng.nextGaussian();
      y[i] = dot + dataNoise * eps;
    }
    return new Samples(n, d, x, y);
  }
}
