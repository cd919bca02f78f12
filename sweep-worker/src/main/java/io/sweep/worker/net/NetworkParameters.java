package io.sweep.worker.net;

import io.sweep.worker.spec.Activation;
import java.util.Objects;

/**
 * The parameters of a network with L hidden layers of width m and k ≥ 1 outputs (see {@link
 * io.sweep.worker.spec.ModelSpec}), in double precision, free of any DL4J object: what
 * diagnostics read, whichever trainer (reference or pack) produced them.
 *
 * <pre>{@code
 * h⁰ = x,   hˡ = σ(Wˡ hˡ⁻¹ + bˡ)  (l = 1 … L),   f(x) = A hᴸ + c ∈ ℝᵏ
 * }</pre>
 *
 * <p>Layout: {@code weights[l - 1]} is Wˡ row-major, m × d for l = 1 and m × m deeper (neuron j's
 * weight on input k of that layer is {@code weights[l - 1][j * in + k]}), {@code biases[l - 1]}
 * has length m; the output layer A is k × m row-major in {@code a} (output o's weight on neuron j
 * is {@code a[o * m + j]}, so for k = 1 it is the vector a of length m), {@code outputBias} holds
 * c, one per output ({@link #c()} reads it for k = 1). Without bias every b and c are zeros and
 * {@link #bias()} is false (the biases are then not parameters: the Hessian leaves them out). With
 * {@link #trainOutput()} false, A and c are fixed, not parameters either.
 *
 * <p>Arrays are not copied (treat them as read-only); the record is immutable by convention.
 *
 * @param inputDim    d
 * @param width       m
 * @param activation  σ
 * @param bias        whether the b's and c are parameters
 * @param trainOutput whether A (and c with bias) are parameters
 * @param weights     W¹ … Wᴸ, L ≥ 1 of them
 * @param biases      b¹ … bᴸ
 * @param a           output weights A, k × m row-major (length m for one output)
 * @param outputBias  output biases c, length k ≥ 1
 */
public record NetworkParameters(
    int inputDim,
    int width,
    Activation activation,
    boolean bias,
    boolean trainOutput,
    double[][] weights,
    double[][] biases,
    double[] a,
    double[] outputBias) implements java.io.Serializable {

  public NetworkParameters {
    Objects.requireNonNull(activation, "activation");
    if (outputBias.length < 1) {
      throw new IllegalArgumentException("need at least one output, got none");
    }
    if (weights.length < 1 || biases.length != weights.length
        || a.length != (long) outputBias.length * width) {
      throw new IllegalArgumentException(
          "need L >= 1 weight matrices and as many bias vectors, and " + outputBias.length
              + " × " + width + " output weights; got " + weights.length + ", " + biases.length
              + ", " + a.length);
    }
    for (int l = 0; l < weights.length; l++) {
      if (weights[l].length != (long) width * fanIn(l, inputDim, width)
          || biases[l].length != width) {
        throw new IllegalArgumentException(
            "layer " + (l + 1) + " does not match width " + width + " and input dimension "
                + inputDim);
      }
    }
  }

  /** A network with one output: a of length m, c a scalar. */
  public NetworkParameters(
      int inputDim, int width, Activation activation, boolean bias, boolean trainOutput,
      double[][] weights, double[][] biases, double[] a, double c) {
    this(inputDim, width, activation, bias, trainOutput, weights, biases, a, new double[] {c});
  }

  /** A two-layer network (one hidden layer, trained output, one output): release 0.1.0's model. */
  public NetworkParameters(
      int width, int inputDim, Activation activation, boolean bias, double[] w, double[] b,
      double[] a, double c) {
    this(inputDim, width, activation, bias, true, new double[][] {w}, new double[][] {b}, a, c);
  }

  /** Inputs of hidden layer l (0-based): d for the first, m for the others. */
  public static int fanIn(int l, int inputDim, int width) {
    return l == 0 ? inputDim : width;
  }

  /** Inputs of hidden layer l (0-based). */
  public int fanIn(int l) {
    return fanIn(l, inputDim, width);
  }

  /** Number of hidden layers L. */
  public int depth() {
    return weights.length;
  }

  /** W¹, the first layer, m × d row-major. */
  public double[] w() {
    return weights[0];
  }

  /** b¹, the first layer's biases. */
  public double[] b() {
    return biases[0];
  }

  /**
   * Number of trained parameters: Σₗ m·fan-inₗ, + L·m with bias, + k·m (+ k with bias) when the
   * output trains. For L = 1, k = 1 with a trained output: m·d + m (+ m + 1 with bias).
   */
  public int count() {
    long n = 0;
    for (int l = 0; l < depth(); l++) {
      n += (long) width * fanIn(l) + (bias ? width : 0);
    }
    if (trainOutput) {
      n += (long) outputDim() * width + (bias ? outputDim() : 0);
    }
    return Math.toIntExact(n);
  }

  /** Number of outputs k. */
  public int outputDim() {
    return outputBias.length;
  }

  /**
   * c, the output bias of a network with one output.
   *
   * @throws IllegalStateException when the network has several outputs (use {@link #c(int)})
   */
  public double c() {
    requireOneOutput();
    return outputBias[0];
  }

  /** c of output o. */
  public double c(int o) {
    return outputBias[o];
  }

  /** σ(z). */
  public double activate(double z) {
    return activation.apply(z);
  }

  /** The same network with other values (same shapes; arrays not copied), one output. */
  public NetworkParameters with(double[][] newWeights, double[][] newBiases, double[] newA,
      double newC) {
    return with(newWeights, newBiases, newA, new double[] {newC});
  }

  /** The same network with other values (same shapes; arrays not copied). */
  public NetworkParameters with(double[][] newWeights, double[][] newBiases, double[] newA,
      double[] newC) {
    return new NetworkParameters(
        inputDim, width, activation, bias, trainOutput, newWeights, newBiases, newA, newC);
  }

  /**
   * f(x) for one input of length d, in double precision, of a network with one output.
   *
   * @throws IllegalStateException when the network has several outputs (use {@link #outputs})
   */
  public double output(double[] x, int offset) {
    requireOneOutput();
    return outputs(x, offset)[0];
  }

  /** f(x) ∈ ℝᵏ for one input of length d, in double precision (a new array). */
  public double[] outputs(double[] x, int offset) {
    double[] h = lastHidden(x, offset);
    int k = outputDim();
    double[] f = new double[k];
    for (int o = 0; o < k; o++) {
      double v = outputBias[o];
      int row = o * width;
      for (int j = 0; j < width; j++) {
        v += a[row + j] * h[j];
      }
      f[o] = v;
    }
    return f;
  }

  /** hᴸ(x), the last hidden layer's activations. */
  private double[] lastHidden(double[] x, int offset) {
    double[] in = new double[inputDim];
    System.arraycopy(x, offset, in, 0, inputDim);
    double[] h = in;
    for (int l = 0; l < depth(); l++) {
      int fan = fanIn(l);
      double[] w = weights[l];
      double[] next = new double[width];
      for (int j = 0; j < width; j++) {
        double z = biases[l][j];
        int row = j * fan;
        for (int k = 0; k < fan; k++) {
          z += w[row + k] * h[k];
        }
        next[j] = activation.apply(z);
      }
      h = next;
    }
    return h;
  }

  private void requireOneOutput() {
    if (outputBias.length != 1) {
      throw new IllegalStateException(
          "the network has " + outputBias.length + " outputs; ask for one by its index");
    }
  }
}
