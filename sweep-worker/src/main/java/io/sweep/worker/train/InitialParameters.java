package io.sweep.worker.train;

import io.sweep.worker.data.Seeds;
import io.sweep.worker.spec.ModelSpec;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The initial weights of a two-layer network, drawn from the run seed (ModelSpec's scaled
 * LeCun-normal initialisation): wⱼₖ ~ N(0, s²/d), aⱼ ~ N(0, s²/m), all biases 0, s = {@link
 * ModelSpec#initScale()}.
 *
 * <p>Draw order, from one {@code SplittableRandom(Seeds.derive(seed, "init"))}: the first-layer
 * matrix W (m × d) row by row, i.e. neuron j = 0 … m−1, then its inputs k = 0 … d−1; then the
 * output weights a₀ … a_{m−1}. Each value is {@code scale * nextGaussian()}.
 *
 * <p>Immutable; accessors return copies.
 */
public final class InitialParameters {

  private final int width;
  private final int inputDim;
  private final double[] w;
  private final double[] a;

  private InitialParameters(int width, int inputDim, double[] w, double[] a) {
    this.width = width;
    this.inputDim = inputDim;
    this.w = w;
    this.a = a;
  }

  /**
   * Draws the initial weights of a network.
   *
   * @param model    width m and init scale s
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
    double wScale = s / Math.sqrt(inputDim);
    double[] w = new double[Math.multiplyExact(m, inputDim)];
    for (int i = 0; i < w.length; i++) {
      w[i] = wScale * rng.nextGaussian();
    }
    double aScale = s / Math.sqrt(m);
    double[] a = new double[m];
    for (int j = 0; j < m; j++) {
      a[j] = aScale * rng.nextGaussian();
    }
    return new InitialParameters(m, inputDim, w, a);
  }

  /** Width m. */
  public int width() {
    return width;
  }

  /** Input dimension d. */
  public int inputDim() {
    return inputDim;
  }

  /** W, row-major m × d: neuron j's weight on input k is element {@code j * d + k} (a copy). */
  public double[] firstLayer() {
    return w.clone();
  }

  /** The output weights a, length m (a copy). */
  public double[] outputLayer() {
    return a.clone();
  }
}
