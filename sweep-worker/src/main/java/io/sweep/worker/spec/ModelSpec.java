package io.sweep.worker.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * A fully connected network with L hidden layers of width m and k ≥ 1 outputs:
 *
 * <pre>{@code
 * h⁰ = x,   hˡ = σ(Wˡ hˡ⁻¹ + bˡ)  (l = 1 … L),   f(x) = A hᴸ + c ∈ ℝᵏ   (k = 1: a·hᴸ + c)
 * }</pre>
 *
 * <p>A is k × m, c has k entries. The loss on n samples is the mean over all n·k entries,
 * (1/(n·k)) Σᵢ Σₒ (fₒ(xᵢ) − yᵢₒ)² (DL4J's {@code LossMSE}); classification is this regression on
 * one-hot labels. k = 1 is the one-output network of every earlier release, bit for bit.
 *
 * <p>W¹ is m × d, deeper Wˡ are m × m; biases b and c exist iff {@code bias}. L = 1 is the
 * two-layer network f(x) = Σⱼ aⱼ σ(wⱼ·x + bⱼ) + c of release 0.1.0.
 *
 * <p>Initialisation ({@link Init}, {@link OutputInit}): with the default LeCun init, wⱼₖ ~ N(0,
 * s²/fan-in) and a_oj ~ N(0, s²/m), biases 0, where s is {@code initScale} (s = 1 is LeCun's normal
 * initialisation; small s is the small-initialisation regime of SCIENCE.md §4).
 *
 * @param width       number of neurons m of every hidden layer, ≥ 1
 * @param activation  the hidden activation σ
 * @param initScale   s &gt; 0, multiplies the standard deviation of every drawn initial weight
 * @param bias        whether the hidden and output layers have biases
 * @param depth       number of hidden layers L ≥ 1
 * @param init        how weights are drawn
 * @param outputInit  how the output weights a start
 * @param trainOutput whether a and c are trained; false keeps them at their initial values (and
 *                    leaves them out of the parameters the Hessian is taken over)
 * @param outputDim   number of outputs k ≥ 1 (a is then k × m, c has k entries); the loss is
 *                    the mean over all n·k entries of (f − y)², DL4J's MSE
 */
public record ModelSpec(
    int width, Activation activation, double initScale, boolean bias, int depth, Init init,
    OutputInit outputInit, boolean trainOutput, int outputDim)
    implements Serializable {

  public ModelSpec {
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(init, "init");
    Objects.requireNonNull(outputInit, "outputInit");
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, got " + width);
    }
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1, got " + depth);
    }
    if (outputDim < 1) {
      throw new IllegalArgumentException("outputDim must be >= 1, got " + outputDim);
    }
    if (!(initScale > 0) || Double.isInfinite(initScale)) {
      throw new IllegalArgumentException("initScale must be finite and > 0, got " + initScale);
    }
    if (init == Init.BALANCED && outputInit != OutputInit.RANDOM) {
      throw new IllegalArgumentException(
          "balanced init draws the output weights; output-init must be random, got "
              + outputInit.label());
    }
  }

  /** The two-layer network of release 0.1.0: depth 1, LeCun init, random trained output. */
  public ModelSpec(int width, Activation activation, double initScale, boolean bias) {
    this(width, activation, initScale, bias, 1, Init.LECUN, OutputInit.RANDOM, true, 1);
  }

  /** A network with one output. */
  public ModelSpec(
      int width, Activation activation, double initScale, boolean bias, int depth, Init init,
      OutputInit outputInit, boolean trainOutput) {
    this(width, activation, initScale, bias, depth, init, outputInit, trainOutput, 1);
  }

  /** This model with k outputs. */
  public ModelSpec withOutputDim(int k) {
    return new ModelSpec(width, activation, initScale, bias, depth, init, outputInit, trainOutput,
        k);
  }

  /** This model with another depth. */
  public ModelSpec withDepth(int l) {
    return new ModelSpec(width, activation, initScale, bias, l, init, outputInit, trainOutput, outputDim);
  }

  /** This model with another init scale. */
  public ModelSpec withInitScale(double s) {
    return new ModelSpec(width, activation, s, bias, depth, init, outputInit, trainOutput, outputDim);
  }

  /** This model with another initialisation and output initialisation. */
  public ModelSpec withInit(Init i, OutputInit o) {
    return new ModelSpec(width, activation, initScale, bias, depth, i, o, trainOutput, outputDim);
  }

  /** This model with the output layer trained or frozen. */
  public ModelSpec withTrainOutput(boolean train) {
    return new ModelSpec(width, activation, initScale, bias, depth, init, outputInit, train, outputDim);
  }

  /** Whether this is release 0.1.0's model (depth 1, LeCun, random trained output, one output). */
  public boolean twoLayer() {
    return depth == 1 && init == Init.LECUN && outputInit == OutputInit.RANDOM && trainOutput
        && outputDim == 1;
  }
}
