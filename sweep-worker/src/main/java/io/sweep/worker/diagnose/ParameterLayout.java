package io.sweep.worker.diagnose;

import io.sweep.worker.net.NetworkParameters;
import java.util.Objects;

/**
 * The order of a two-layer network's parameters θ in vectors, gradients and Hessians, the same for
 * every diagnostic:
 *
 * <pre>{@code
 * θ = ( W row-major: w[0][0..d-1], w[1][0..d-1], …, w[m-1][0..d-1]   offset 0,     m·d entries
 *       b[0..m-1]                                     (only with bias) offset m·d,   m entries
 *       a[0..m-1]                                                      offset aOffset, m entries
 *       c                                             (only with bias) offset aOffset + m )
 * }</pre>
 *
 * <p>so P = m·d + m without biases and m·d + 2m + 1 with them ({@link NetworkParameters#count()}).
 * Without biases, b and c are not parameters (they are zero and stay zero).
 *
 * <p>Stateless and thread-safe.
 */
public final class ParameterLayout {

  private ParameterLayout() {}

  /** Offset of b₀ in θ (only meaningful with bias): m·d. */
  public static int biasOffset(NetworkParameters p) {
    return p.width() * p.inputDim();
  }

  /** Offset of a₀ in θ: m·d, plus m with bias. */
  public static int outputOffset(NetworkParameters p) {
    return p.width() * p.inputDim() + (p.bias() ? p.width() : 0);
  }

  /** Offset of c in θ (only meaningful with bias): {@link #outputOffset} + m. */
  public static int outputBiasOffset(NetworkParameters p) {
    return outputOffset(p) + p.width();
  }

  /** θ of {@code p}, a new array of length {@link NetworkParameters#count()}. */
  public static double[] flatten(NetworkParameters p) {
    Objects.requireNonNull(p, "p");
    double[] theta = new double[p.count()];
    int m = p.width();
    System.arraycopy(p.w(), 0, theta, 0, p.w().length);
    if (p.bias()) {
      System.arraycopy(p.b(), 0, theta, biasOffset(p), m);
      theta[outputBiasOffset(p)] = p.c();
    }
    System.arraycopy(p.a(), 0, theta, outputOffset(p), m);
    return theta;
  }

  /**
   * The network of the shape of {@code shape} (width, input dimension, activation, bias) with
   * parameters {@code theta}, in new arrays.
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
    int md = m * shape.inputDim();
    double[] w = new double[md];
    double[] b = new double[m];
    double[] a = new double[m];
    System.arraycopy(theta, 0, w, 0, md);
    double c = 0;
    if (shape.bias()) {
      System.arraycopy(theta, biasOffset(shape), b, 0, m);
      c = theta[outputBiasOffset(shape)];
    }
    System.arraycopy(theta, outputOffset(shape), a, 0, m);
    return new NetworkParameters(
        m, shape.inputDim(), shape.activation(), shape.bias(), w, b, a, c);
  }
}
