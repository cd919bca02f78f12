package io.sweep.worker.train;

import io.sweep.worker.data.Seeds;
import io.sweep.worker.spec.Init;
import io.sweep.worker.spec.ModelSpec;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The initial weights of a network, drawn from the run seed ({@link ModelSpec}, {@link Init},
 * {@link io.sweep.worker.spec.OutputInit}): hidden layer 1 wⱼₖ ~ N(0, s²/d), deeper hidden layers
 * ~ N(0, s²/m), all biases 0, s = {@link ModelSpec#initScale()}; the output weights
 *
 * <ul>
 *   <li>random + LeCun: aⱼ ~ N(0, s²/m);
 *   <li>random + balanced: aⱼ = ±‖wⱼᴸ‖ (the incoming weights of neuron j of the last hidden
 *       layer), the sign + when {@code nextBoolean()} is true;
 *   <li>ones: aⱼ = 1; ones-over-width: aⱼ = 1/m (nothing drawn).
 * </ul>
 *
 * <p>Draw order, from one {@code SplittableRandom(Seeds.derive(seed, "init"))}: W¹ (m × d) row by
 * row, i.e. neuron j = 0 … m−1, then its inputs k = 0 … d−1; then W² … Wᴸ the same way; then the
 * output weights a₀ … a_{m−1} (Gaussians, or balanced signs). Each Gaussian value is {@code scale
 * * nextGaussian()}. For one hidden layer with LeCun init this is release 0.1.0's draw, bit for
 * bit.
 *
 * <p>Immutable; accessors return copies.
 */
public final class InitialParameters {

  private final int width;
  private final int inputDim;
  private final double[][] layers;
  private final double[] a;

  private InitialParameters(int width, int inputDim, double[][] layers, double[] a) {
    this.width = width;
    this.inputDim = inputDim;
    this.layers = layers;
    this.a = a;
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
    double[] a = new double[m];
    switch (model.outputInit()) {
      case ONES -> java.util.Arrays.fill(a, 1.0);
      case ONES_OVER_WIDTH -> java.util.Arrays.fill(a, 1.0 / m);
      case RANDOM -> {
        if (model.init() == Init.BALANCED) {
          double[] last = layers[layers.length - 1];
          int fanIn = layers.length == 1 ? inputDim : m;
          for (int j = 0; j < m; j++) {
            double ss = 0;
            for (int k = 0; k < fanIn; k++) {
              ss += last[j * fanIn + k] * last[j * fanIn + k];
            }
            a[j] = (rng.nextBoolean() ? 1 : -1) * Math.sqrt(ss);
          }
        } else {
          double aScale = s / Math.sqrt(m);
          for (int j = 0; j < m; j++) {
            a[j] = aScale * rng.nextGaussian();
          }
        }
      }
    }
    return new InitialParameters(m, inputDim, layers, a);
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

  /** The output weights a, length m (a copy). */
  public double[] outputLayer() {
    return a.clone();
  }
}
