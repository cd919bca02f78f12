package io.sweep.worker.diagnose;

import io.sweep.worker.net.NetworkParameters;
import java.util.Objects;

/**
 * The order of a network's trained parameters θ in vectors, gradients and Hessians, the same for
 * every diagnostic, at any depth L ≥ 1: layer by layer from the input, each layer's weights then
 * its biases, then the output.
 *
 * <pre>{@code
 * θ = ( W¹ row-major (m × d)                         offset weightOffset(p, 0) = 0
 *       b¹                          (only with bias)  offset biasOffset(p, 0) = m·d
 *       W² row-major (m × m), b² (with bias), …, Wᴸ, bᴸ
 *       A row-major (k × m)  (only when the output trains) offset outputOffset(p)
 *       c[0..k-1] (only when the output trains, with bias) offset outputOffset(p) + k·m )
 * }</pre>
 *
 * <p>With one output (k = 1) A is the vector a[0..m-1] and c a single entry.
 * <p>Its length is {@link NetworkParameters#count()}. For one hidden layer with a trained output
 * this is release 0.1.0's order: W row-major, b (with bias), a, c (with bias), P = m·d + m
 * without biases and m·d + 2m + 1 with them. Parameters that are not trained (biases without
 * bias, a and c with a frozen output) are not in θ: {@link #unflatten} takes them from the shape.
 *
 * <p>Stateless and thread-safe.
 */
public final class ParameterLayout {

  private ParameterLayout() {}

  /** Offset of Wˡ⁺¹ (hidden layer {@code l}, 0-based) in θ. */
  public static int weightOffset(NetworkParameters p, int l) {
    checkLayer(p, l);
    int offset = 0;
    for (int k = 0; k < l; k++) {
      offset += p.width() * p.fanIn(k) + (p.bias() ? p.width() : 0);
    }
    return offset;
  }

  /** Offset of bˡ⁺¹ (hidden layer {@code l}, 0-based) in θ; only meaningful with bias. */
  public static int biasOffset(NetworkParameters p, int l) {
    return weightOffset(p, l) + p.width() * p.fanIn(l);
  }

  /** Offset of b¹ in θ (only meaningful with bias): m·d. */
  public static int biasOffset(NetworkParameters p) {
    return biasOffset(p, 0);
  }

  /**
   * Offset of a₀ in θ (only meaningful when the output trains): the number of hidden-layer
   * parameters, m·d (+ m with bias) at depth 1.
   */
  public static int outputOffset(NetworkParameters p) {
    int offset = 0;
    for (int l = 0; l < p.depth(); l++) {
      offset += p.width() * p.fanIn(l) + (p.bias() ? p.width() : 0);
    }
    return offset;
  }

  /**
   * Offset of c (c₀ for several outputs) in θ (only meaningful when the output trains, with
   * bias): {@link #outputOffset} + k·m.
   */
  public static int outputBiasOffset(NetworkParameters p) {
    return outputOffset(p) + p.outputDim() * p.width();
  }

  /** θ of {@code p}, a new array of length {@link NetworkParameters#count()}. */
  public static double[] flatten(NetworkParameters p) {
    Objects.requireNonNull(p, "p");
    double[] theta = new double[p.count()];
    int m = p.width();
    for (int l = 0; l < p.depth(); l++) {
      System.arraycopy(p.weights()[l], 0, theta, weightOffset(p, l), p.weights()[l].length);
      if (p.bias()) {
        System.arraycopy(p.biases()[l], 0, theta, biasOffset(p, l), m);
      }
    }
    if (p.trainOutput()) {
      System.arraycopy(p.a(), 0, theta, outputOffset(p), p.a().length);
      if (p.bias()) {
        System.arraycopy(p.outputBias(), 0, theta, outputBiasOffset(p), p.outputDim());
      }
    }
    return theta;
  }

  /**
   * The network of the shape of {@code shape} (width, input dimension, depth, activation, bias,
   * trained output) with parameters {@code theta}, in new arrays. Untrained parameters come from
   * {@code shape}: zero biases without bias (as {@code shape} holds them), A and c when the output
   * is frozen.
   *
   * @throws IllegalArgumentException when {@code theta} does not have {@code shape.count()} entries
   */
  public static NetworkParameters unflatten(NetworkParameters shape, double[] theta) {
    Objects.requireNonNull(shape, "shape");
    if (theta.length != shape.count()) {
      throw new IllegalArgumentException(
          "expected " + shape.count() + " parameters, got " + theta.length);
    }
    int m = shape.width();
    int depth = shape.depth();
    double[][] weights = new double[depth][];
    double[][] biases = new double[depth][];
    for (int l = 0; l < depth; l++) {
      weights[l] = new double[m * shape.fanIn(l)];
      System.arraycopy(theta, weightOffset(shape, l), weights[l], 0, weights[l].length);
      biases[l] = new double[m];
      if (shape.bias()) {
        System.arraycopy(theta, biasOffset(shape, l), biases[l], 0, m);
      }
    }
    int k = shape.outputDim();
    double[] a;
    double[] c;
    if (shape.trainOutput()) {
      a = new double[k * m];
      System.arraycopy(theta, outputOffset(shape), a, 0, k * m);
      c = new double[k];
      if (shape.bias()) {
        System.arraycopy(theta, outputBiasOffset(shape), c, 0, k);
      }
    } else {
      a = shape.a().clone();
      c = shape.outputBias().clone();
    }
    return shape.with(weights, biases, a, c);
  }

  private static void checkLayer(NetworkParameters p, int l) {
    if (l < 0 || l >= p.depth()) {
      throw new IllegalArgumentException(
          "layer " + l + " out of range for a network of depth " + p.depth());
    }
  }
}
