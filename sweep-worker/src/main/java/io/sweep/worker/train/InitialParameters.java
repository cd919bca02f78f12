package io.sweep.worker.train;

import io.sweep.worker.data.Seeds;
import io.sweep.worker.spec.Init;
import io.sweep.worker.spec.InitialWeights;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.RunSpec;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The initial weights of a network, drawn from the run seed ({@link ModelSpec}, {@link Init},
 * {@link io.sweep.worker.spec.OutputInit}): hidden layer 1 wⱼₖ ~ N(0, s²/d), deeper hidden layers
 * ~ N(0, s²/m), all biases 0, s = {@link ModelSpec#initScale()}; the output weights A (k × m,
 * k = {@link ModelSpec#outputDim()}; a vector a of length m for k = 1)
 *
 * <ul>
 *   <li>random + LeCun: a_oj ~ N(0, s²/m);
 *   <li>random + balanced: a_oj = ±‖wⱼᴸ‖/√k (wⱼᴸ the incoming weights of neuron j of the last
 *       hidden layer), each sign independent, + when {@code nextBoolean()} is true; so Σ_o a_oj²
 *       = ‖wⱼᴸ‖², the balance of incoming and outgoing norms that gradient flow preserves (for
 *       k = 1, aⱼ = ±‖wⱼᴸ‖);
 *   <li>ones: a_oj = 1; ones-over-width: a_oj = 1/m (nothing drawn).
 * </ul>
 *
 * <p>Draw order, from one {@code SplittableRandom(Seeds.derive(seed, "init"))}: W¹ (m × d) row by
 * row, i.e. neuron j = 0 … m−1, then its inputs k = 0 … d−1; then W² … Wᴸ the same way; then the
 * output weights row by row, output 0's a₀₀ … a_{0,m−1} first (Gaussians, or balanced signs).
 * Each Gaussian value is {@code scale * nextGaussian()}. For one hidden layer with LeCun init and
 * one output this is release 0.1.0's draw, bit for bit; with k outputs, output 0's weights are
 * those of the one-output network of the same seed.
 *
 * <p><b>Warm start</b> ({@link #of(RunSpec)} with {@link RunSpec#start()}): the stored values
 * (biases included) instead of a draw, plus ε·N(0, 1) on every trained parameter when
 * {@link InitialWeights#perturb()} ε &gt; 0, drawn from one {@code SplittableRandom(Seeds.derive(seed,
 * "init-perturb"))} in the order of the parameter vector θ (W¹ row-major, b¹ with bias, …, Wᴸ,
 * bᴸ, then A row-major and c with bias when the output trains; a frozen output is not perturbed).
 *
 * <p>Immutable; accessors return copies.
 */
public final class InitialParameters {

  private final int width;
  private final int inputDim;
  private final double[][] layers;
  private final double[] a;
  /** b¹ … bᴸ and c: zeros for a draw, the stored values for a warm start. */
  private final double[][] biases;
  private final double[] c;

  private InitialParameters(int width, int inputDim, double[][] layers, double[] a,
      double[][] biases, double[] c) {
    this.width = width;
    this.inputDim = inputDim;
    this.layers = layers;
    this.a = a;
    this.biases = biases;
    this.c = c;
  }

  /**
   * The initial parameters of a run: its warm start ({@link RunSpec#start()}, perturbed as the
   * class documentation says) when it has one, else {@link #draw}.
   */
  public static InitialParameters of(RunSpec spec) {
    int d = spec.data().inputDim();
    InitialWeights start = spec.start();
    if (start == null) {
      return draw(spec.model(), d, spec.seed());
    }
    ModelSpec model = spec.model();
    double[][] w = deepCopy(start.weights());
    double[][] b = deepCopy(start.biases());
    double[] a = start.a().clone();
    double[] c = start.c().clone();
    if (!model.bias()) { // without bias the b's and c are not parameters: zeros, as a draw's
      b = new double[w.length][model.width()];
      c = new double[model.outputDim()];
    }
    double eps = start.perturb();
    if (eps > 0) {
      SplittableRandom rng = new SplittableRandom(Seeds.derive(spec.seed(), Seeds.INIT_PERTURB));
      for (int l = 0; l < w.length; l++) {
        perturb(w[l], eps, rng);
        if (model.bias()) {
          perturb(b[l], eps, rng);
        }
      }
      if (model.trainOutput()) {
        perturb(a, eps, rng);
        if (model.bias()) {
          perturb(c, eps, rng);
        }
      }
    }
    return new InitialParameters(model.width(), d, w, a, b, c);
  }

  private static void perturb(double[] v, double eps, SplittableRandom rng) {
    for (int i = 0; i < v.length; i++) {
      v[i] += eps * rng.nextGaussian();
    }
  }

  private static double[][] deepCopy(double[][] v) {
    double[][] out = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i].clone();
    }
    return out;
  }

  /**
   * Draws the initial weights of a network.
   *
   * @param model    width m, depth L, init scale s, init and output init
   * @param inputDim d ≥ 1
   * @param seed     the run's seed; the stream {@code "init"} derives from it
   * @return the weights; a pure function of the arguments
   */
  public static InitialParameters draw(ModelSpec model, int inputDim, long seed) {
    Objects.requireNonNull(model, "model");
    if (inputDim < 1) {
      throw new IllegalArgumentException("inputDim must be >= 1, got " + inputDim);
    }
    int m = model.width();
    double s = model.initScale();
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, Seeds.INIT));
    double[][] layers = new double[model.depth()][];
    for (int l = 0; l < layers.length; l++) {
      int fanIn = l == 0 ? inputDim : m;
      double scale = s / Math.sqrt(fanIn);
      double[] w = new double[Math.multiplyExact(m, fanIn)];
      for (int i = 0; i < w.length; i++) {
        w[i] = scale * rng.nextGaussian();
      }
      layers[l] = w;
    }
    int outputs = model.outputDim();
    double[] a = new double[Math.multiplyExact(outputs, m)];
    switch (model.outputInit()) {
      case ONES -> java.util.Arrays.fill(a, 1.0);
      case ONES_OVER_WIDTH -> java.util.Arrays.fill(a, 1.0 / m);
      case RANDOM -> {
        if (model.init() == Init.BALANCED) {
          double[] last = layers[layers.length - 1];
          int fanIn = layers.length == 1 ? inputDim : m;
          double[] norm = new double[m];
          for (int j = 0; j < m; j++) {
            double ss = 0;
            for (int k = 0; k < fanIn; k++) {
              ss += last[j * fanIn + k] * last[j * fanIn + k];
            }
            // x / √1 is exact: one output keeps 0.1.0's values bitwise.
            norm[j] = Math.sqrt(ss) / Math.sqrt(outputs);
          }
          for (int i = 0; i < a.length; i++) {
            a[i] = (rng.nextBoolean() ? 1 : -1) * norm[i % m];
          }
        } else {
          double aScale = s / Math.sqrt(m);
          for (int i = 0; i < a.length; i++) {
            a[i] = aScale * rng.nextGaussian();
          }
        }
      }
    }
    return new InitialParameters(m, inputDim, layers, a, new double[layers.length][m],
        new double[outputs]);
  }

  /** Width m. */
  public int width() {
    return width;
  }

  /** Input dimension d. */
  public int inputDim() {
    return inputDim;
  }

  /** Number of hidden layers L. */
  public int depth() {
    return layers.length;
  }

  /** W¹, row-major m × d: neuron j's weight on input k is element {@code j * d + k} (a copy). */
  public double[] firstLayer() {
    return layers[0].clone();
  }

  /**
   * Hidden layer l's weights (0-based: l = 0 is W¹, m × d; deeper ones m × m), row-major (a copy).
   */
  public double[] layer(int l) {
    return layers[l].clone();
  }

  /** Hidden layer l's biases (0-based), length m: zeros unless a warm start set them (a copy). */
  public double[] layerBias(int l) {
    return biases[l].clone();
  }

  /** The output biases c, length k: zeros unless a warm start set them (a copy). */
  public double[] outputBias() {
    return c.clone();
  }

  /** The output weights A, k × m row-major (output o's weight on neuron j at o·m + j; a copy). */
  public double[] outputLayer() {
    return a.clone();
  }
}
