package io.sweep.worker.data;

import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.DataLaws;
import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.LabelLaw;
import io.sweep.worker.spec.Teacher;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A teacher-student data set: Gaussian inputs labelled by a fixed teacher plus data noise drawn
 * once (SCIENCE.md, "Data models" and "Two kinds of noise").
 *
 * <p>With the run seed s, the teacher f* is drawn from stream {@code "teacher"}:
 *
 * <ul>
 *   <li>{@link Teacher#LINEAR}: f*(x) = β*·x; β* is d Gaussians divided by their Euclidean norm
 *       (‖β*‖ = 1, so Var f*(x) = 1).
 *   <li>{@link Teacher#TWO_LAYER}, k = {@link DataSpec#teacherWidth()}: f*(x) = s Σ_{j &lt; k} a*ⱼ
 *       relu(w*ⱼ·x). Neuron by neuron, j = 0 … k−1: d Gaussians divided by their norm (the unit
 *       vector w*ⱼ), then one {@code nextBoolean()} for the sign of a*ⱼ = ±1/√k (so the first k
 *       neurons of a wider teacher of the same seed are the same, before scaling). The scale s =
 *       1/√V, with V the exact variance of Σⱼ a*ⱼ relu(w*ⱼ·x) under x ~ N(0, I_d), from the
 *       arc-cosine kernel (Cho &amp; Saul 2009): for unit u, v with ρ = u·v,
 *       Cov(relu(u·x), relu(v·x)) = (√(1−ρ²) + (π − arccos ρ) ρ − 1) / (2π), so V = Σᵢⱼ a*ᵢ a*ⱼ
 *       Cov(ρᵢⱼ) and Var f*(x) = 1, like the linear teacher. The mean E f* = s Σⱼ a*ⱼ / √(2π) is
 *       left in. Degenerate case: when V ≤ 1e-12 · Var relu(z) (the signed neurons cancel exactly,
 *       possible only when two w*ⱼ coincide, e.g. d = 1), f* is left unscaled (s = 1).
 * </ul>
 *
 * <p>Then, for either teacher:
 *
 * <ol>
 *   <li>training set, stream {@code "train"}, sample by sample for i = 0 … n−1: d Gaussians
 *       xᵢ₁ … x_{id}, then one Gaussian εᵢ; yᵢ = f*(xᵢ) + dataNoise · εᵢ. εᵢ is drawn even when
 *       dataNoise = 0, so the first n samples are the same for every sample count (nested
 *       prefixes: runs at different n are paired), and the inputs are the same for every
 *       data-noise level and every teacher.
 *   <li>test set: the same recipe from stream {@code "test"}, {@code testSamples} rows, with the
 *       same data noise in its labels (the test loss of the Bayes predictor is dataNoise²).
 * </ol>
 *
 * <p><b>Several outputs</b> (k = {@link DataSpec#outputs()} &gt; 1): k independent teachers
 * f*₀ … f*_{k−1} of the kind above, and yᵢₒ = f*ₒ(xᵢ) + dataNoise · εᵢₒ. Output 0 is exactly the
 * one-output data set of the same seed (teacher from stream {@code "teacher"}, εᵢ₀ from {@code
 * "train"} / {@code "test"} as above, bit for bit); output o ≥ 1 draws its teacher from stream
 * {@code "teacher-o"} (e.g. {@code "teacher-1"}) and its data noise from streams {@code
 * "train-noise-o"} and {@code "test-noise-o"}, one Gaussian per sample in sample order (always
 * drawn, so prefixes stay nested). The inputs are shared by all outputs.
 *
 * <p><b>Laws</b> ({@link DataSpec#laws()}, issue 15; at {@link DataLaws#NEUTRAL} everything above
 * holds bit for bit, and no other stream is read):
 *
 * <ul>
 *   <li>Inputs: with a constant coordinate ({@code constantInput}) r = d − 1 coordinates are
 *       drawn and x_d = 1 exactly (d counts it); else r = d. The r coordinates of sample i take
 *       the Gaussians' place in the stream, before εᵢ: {@code gaussian} r × {@code
 *       nextGaussian()}; {@code sphere} r Gaussians g, then x = √r · g / ‖g‖ (uniform on the
 *       sphere of radius √r, so ‖x‖² = r = E‖x‖² of the Gaussian and E xxᵀ = I); {@code
 *       uniform01} r × {@code nextDouble()}; {@code uniform-pm1} r × (2 {@code nextDouble()} − 1).
 *       Then {@code inputShift} is added to each of the r coordinates (not to the constant one).
 *   <li>Teachers act on the whole x as the network sees it (shift and constant coordinate
 *       included), so a linear teacher's weight on the constant coordinate is a bias. {@link
 *       Teacher#SPARSE}: as the linear teacher but from s = {@code teacherSparsity} Gaussians
 *       (normalised), β*ⱼ = 0 for j ≥ s. The two-layer teacher uses {@code teacherActivation};
 *       the unit-variance scale s is computed only for relu (exact under N(0, I)); any other
 *       activation leaves it unscaled (s = 1): f*(x) = Σⱼ a*ⱼ σ(w*ⱼ·x), a*ⱼ = ±1/√k. The
 *       variance 1 holds for Gaussian inputs only; the other laws change it.
 *   <li>Teacher labels: yᵢₒ = c · (f*ₒ(xᵢ) + b) + dataNoise · εᵢₒ, with c = {@code labelScale},
 *       b = {@code teacherOffset} (each skipped at its neutral value, keeping f* bitwise).
 *   <li>Uniform labels ({@link LabelLaw#UNIFORM}): yᵢₒ = c · (2uᵢₒ − 1) + dataNoise · εᵢₒ,
 *       uᵢₒ = {@code nextDouble()} drawn k per sample, o = 0 … k−1, from stream {@code
 *       "train-labels"} / {@code "test-labels"}; the teacher is still drawn (and {@link
 *       #teacher()} returns it) but unused. εᵢₒ as above (data-noise = 0 gives pure c·U(−1, 1)).
 *   <li>Gaussian labels ({@link LabelLaw#GAUSSIAN}): as uniform labels with uᵢₒ's place taken by
 *       gᵢₒ = {@code nextGaussian()} of the same stream: yᵢₒ = c · gᵢₒ + dataNoise · εᵢₒ.
 * </ul>
 *
 * <p>Every draw is per sample in sample order, so the first n samples are the same for every
 * sample count under every law (nested prefixes).
 *
 * <p>Immutable and thread-safe once built.
 */
public final class TeacherStudent implements DataSet {

  /** Var relu(z) for z ~ N(0, 1): 1/2 − 1/(2π). */
  private static final double RELU_VARIANCE = 0.5 - 1 / (2 * Math.PI);
  /** Suffix of the uniform labels' streams: {@link Seeds#TRAIN_LABELS}, {@link Seeds#TEST_LABELS}. */
  static final String LABELS_SUFFIX = "-labels";

  private final DataSpec spec;
  /** β* of each output's linear teacher, null for the two-layer teacher. */
  private final double[][] beta;
  private final NetworkParameters[] teacher;
  private final Samples train;
  private final Samples test;

  private TeacherStudent(
      DataSpec spec, double[][] beta, NetworkParameters[] teacher, Samples train, Samples test) {
    this.spec = spec;
    this.beta = beta;
    this.teacher = teacher;
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
    int k = spec.outputs();
    DataLaws laws = spec.laws();
    boolean linear = spec.teacher() == Teacher.LINEAR || spec.teacher() == Teacher.SPARSE;
    double[][] beta = linear ? new double[k][] : null;
    NetworkParameters[] teacher = new NetworkParameters[k];
    for (int o = 0; o < k; o++) {
      SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, teacherStream(o)));
      switch (spec.teacher()) {
        case LINEAR, SPARSE -> {
          int support = spec.teacher() == Teacher.SPARSE ? laws.teacherSparsity() : d;
          beta[o] = java.util.Arrays.copyOf(unitGaussian(support, rng), d);
          teacher[o] =
              new NetworkParameters(
                  1, d, Activation.LINEAR, false, beta[o].clone(), new double[1],
                  new double[] {1}, 0);
        }
        case TWO_LAYER ->
            teacher[o] = twoLayer(spec.teacherWidth(), d, laws.teacherActivation(), rng);
        default -> throw new IllegalStateException("unhandled teacher " + spec.teacher());
      }
    }
    Samples train = draw(spec.samples(), beta, teacher, spec.dataNoise(), laws, seed, Seeds.TRAIN);
    Samples test = draw(spec.testSamples(), beta, teacher, spec.dataNoise(), laws, seed, Seeds.TEST);
    return new TeacherStudent(spec, beta, teacher, train, test);
  }

  /**
   * The noiseless label of output o at the input {@code x[at .. at + d)}: label-scale · (f*ₒ(x) +
   * teacher-offset), the number the labels carry before their noise — what excess risk measures
   * against. NaN with uniform labels, which have no teacher.
   */
  public double noiselessLabel(int o, double[] x, int at) {
    if (spec.laws().labels() == LabelLaw.UNIFORM) {
      return Double.NaN;
    }
    return signal(target(beta, teacher, o, x, at, spec.inputDim()), spec.laws());
  }

  /** The teacher stream of output o: {@code "teacher"} for output 0, {@code "teacher-o"} after. */
  static String teacherStream(int o) {
    return o == 0 ? Seeds.TEACHER : Seeds.TEACHER + "-" + o;
  }

  /** The spec this data set was drawn for. */
  public DataSpec spec() {
    return spec;
  }

  /** The training set: n = {@code spec().samples()} rows. */
  @Override
  public Samples train() {
    return train;
  }

  /** The test set: {@code spec().testSamples()} rows, same distribution, independent stream. */
  @Override
  public Samples test() {
    return test;
  }

  /**
   * The linear teacher's unit-norm coefficient vector β* of output 0 (a copy, length d): the
   * one-output teacher.
   *
   * @throws IllegalStateException for the two-layer teacher, which has none (see {@link
   *                               #teacher()})
   */
  public double[] beta() {
    return beta(0);
  }

  /** β* of output o's linear teacher (a copy); as {@link #beta()}. */
  public double[] beta(int o) {
    if (beta == null) {
      throw new IllegalStateException(
          "the " + spec.teacher().label() + " teacher has no coefficient vector β*; use teacher()");
    }
    return beta[o].clone();
  }

  /**
   * The teacher f* of output 0 (the one-output teacher) as a network, without biases: for the
   * linear and sparse teachers width 1, activation {@link Activation#LINEAR}, w = β*, a = 1; for
   * the two-layer teacher width k, activation {@code laws().teacherActivation()} (relu by
   * default), rows w*ⱼ of unit norm and output weights s·a*ⱼ (the scale folded in). The label
   * scale c and teacher offset b of the laws are not in it (labels are c·(f* + b)). Its arrays
   * are shared: treat them as read-only.
   */
  public NetworkParameters teacher() {
    return teacher(0);
  }

  /** The teacher of output o, a one-output network as {@link #teacher()} describes. */
  public NetworkParameters teacher(int o) {
    return teacher[o];
  }

  private static NetworkParameters twoLayer(
      int k, int d, Activation activation, SplittableRandom rng) {
    double[] w = new double[Math.multiplyExact(k, d)];
    double[] a = new double[k];
    double magnitude = 1 / Math.sqrt(k);
    for (int j = 0; j < k; j++) {
      System.arraycopy(unitGaussian(d, rng), 0, w, j * d, d);
      a[j] = rng.nextBoolean() ? magnitude : -magnitude;
    }
    double variance = 0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double rho = 0;
        for (int l = 0; l < d; l++) {
          rho += w[i * d + l] * w[j * d + l];
        }
        variance += a[i] * a[j] * reluCovariance(rho);
      }
    }
    if (activation == Activation.RELU && variance > 1e-12 * RELU_VARIANCE) {
      double scale = 1 / Math.sqrt(variance);
      for (int j = 0; j < k; j++) {
        a[j] *= scale;
      }
    }
    return new NetworkParameters(k, d, activation, false, w, new double[k], a, 0);
  }

  /** Cov(relu(u·x), relu(v·x)) for unit u, v with u·v = ρ and x ~ N(0, I) (arc-cosine kernel). */
  static double reluCovariance(double rho) {
    double r = Math.max(-1, Math.min(1, rho));
    return (Math.sqrt(1 - r * r) + (Math.PI - Math.acos(r)) * r - 1) / (2 * Math.PI);
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

  /**
   * Draws n samples from stream {@code stream} of {@code seed} (inputs and output 0's noise),
   * streams {@code stream + "-noise-" + o} for outputs o ≥ 1 and, for uniform labels, stream
   * {@code stream + "-labels"}. With {@code beta} non-null the label is the dot product
   * accumulated in coordinate order (the linear teacher's historical arithmetic, pinned bitwise by
   * tests); otherwise {@code teacher.output}.
   */
  private static Samples draw(
      int n, double[][] beta, NetworkParameters[] teacher, double dataNoise, DataLaws laws,
      long seed, String stream) {
    int d = teacher[0].inputDim();
    int k = teacher.length;
    // Labels of their own (no teacher): uniform or Gaussian, from the labels stream.
    boolean uniformLabels = laws.labels() != LabelLaw.TEACHER;
    boolean gaussianLabels = laws.labels() == LabelLaw.GAUSSIAN;
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, stream));
    SplittableRandom labels =
        uniformLabels ? new SplittableRandom(Seeds.derive(seed, stream + LABELS_SUFFIX)) : null;
    double[] x = new double[Math.multiplyExact(n, d)];
    double[] y = new double[Math.multiplyExact(n, k)];
    for (int i = 0; i < n; i++) {
      drawInput(rng, laws, x, i * d, d);
      // Always drawn, even for dataNoise = 0: keeps sample i + 1 at the same place in the stream.
      double eps = rng.nextGaussian();
      if (uniformLabels) {
        for (int o = 0; o < k; o++) {
          double u = gaussianLabels ? labels.nextGaussian() : 2 * labels.nextDouble() - 1;
          y[i * k + o] = laws.labelScale() * u;
        }
        y[i * k] += dataNoise * eps;
      } else {
        y[i * k] = signal(target(beta, teacher, 0, x, i * d, d), laws) + dataNoise * eps;
      }
    }
    for (int o = 1; o < k; o++) {
      SplittableRandom noise = new SplittableRandom(Seeds.derive(seed, stream + "-noise-" + o));
      for (int i = 0; i < n; i++) {
        double signal =
            uniformLabels ? y[i * k + o] : signal(target(beta, teacher, o, x, i * d, d), laws);
        y[i * k + o] = signal + dataNoise * noise.nextGaussian();
      }
    }
    return new Samples(n, d, k, x, y);
  }

  /** f*ₒ(x) of the sample at {@code x[at .. at + d)}. */
  private static double target(
      double[][] beta, NetworkParameters[] teacher, int o, double[] x, int at, int d) {
    if (beta == null) {
      return teacher[o].output(x, at);
    }
    double dot = 0;
    for (int j = 0; j < d; j++) {
      dot += beta[o][j] * x[at + j];
    }
    return dot;
  }

  /** label-scale · (f* + teacher-offset); f* itself (bit for bit) at the neutral values. */
  private static double signal(double target, DataLaws laws) {
    double t = laws.teacherOffset() == 0 ? target : target + laws.teacherOffset();
    return laws.labelScale() == 1 ? t : laws.labelScale() * t;
  }

  /**
   * One input row into {@code x[at .. at + d)}: r = d (or d − 1 with a constant coordinate)
   * coordinates of the input law, then the shift, then the constant 1 in the last place.
   */
  private static void drawInput(SplittableRandom rng, DataLaws laws, double[] x, int at, int d) {
    int r = laws.constantInput() ? d - 1 : d;
    switch (laws.inputs()) {
      case GAUSSIAN -> {
        for (int j = 0; j < r; j++) {
          x[at + j] = rng.nextGaussian();
        }
      }
      case SPHERE -> {
        double ss = 0;
        for (int j = 0; j < r; j++) {
          double v = rng.nextGaussian();
          x[at + j] = v;
          ss += v * v;
        }
        double scale = Math.sqrt(r) / Math.sqrt(ss);
        for (int j = 0; j < r; j++) {
          x[at + j] *= scale;
        }
      }
      case UNIFORM01 -> {
        for (int j = 0; j < r; j++) {
          x[at + j] = rng.nextDouble();
        }
      }
      case UNIFORM_PM1 -> {
        for (int j = 0; j < r; j++) {
          x[at + j] = 2 * rng.nextDouble() - 1;
        }
      }
      default -> throw new IllegalStateException("unhandled input law " + laws.inputs());
    }
    if (laws.inputShift() != 0) {
      for (int j = 0; j < r; j++) {
        x[at + j] += laws.inputShift();
      }
    }
    if (laws.constantInput()) {
      x[at + d - 1] = 1;
    }
  }
}
