package io.sweep.worker.net;

import io.sweep.worker.spec.Activation;
import java.util.Objects;

/**
 * The parameters of a two-layer network f(x) = Σⱼ aⱼ σ(wⱼ·x + bⱼ) + c, in double precision, free
 * of any DL4J object: what diagnostics read, whichever trainer (reference or pack) produced them.
 *
 * <p>Layout: {@code w} row-major m × d (neuron j's weight on input k is {@code w[j * d + k]}),
 * {@code b} length m, {@code a} length m, {@code c} a scalar. Without bias, {@code b} is all zeros
 * and {@code c} is 0, and {@link #bias()} is false (the biases are then not parameters: the
 * Hessian leaves them out).
 *
 * <p>Arrays are not copied (treat them as read-only); the record is immutable by convention.
 *
 * @param width      m
 * @param inputDim   d
 * @param activation σ
 * @param bias       whether b and c are trained parameters
 * @param w          first layer, m × d row-major
 * @param b          hidden biases, length m
 * @param a          output weights, length m
 * @param c          output bias
 */
public record NetworkParameters(
    int width,
    int inputDim,
    Activation activation,
    boolean bias,
    double[] w,
    double[] b,
    double[] a,
    double c) {

  public NetworkParameters {
    Objects.requireNonNull(activation, "activation");
    if (w.length != (long) width * inputDim || b.length != width || a.length != width) {
      throw new IllegalArgumentException(
          "shapes do not match width " + width + " and input dimension " + inputDim);
    }
  }

  /** Number of trained parameters: m·d + m (+ m + 1 with bias). */
  public int count() {
    return width * inputDim + width + (bias ? width + 1 : 0);
  }

  /** σ(z). */
  public double activate(double z) {
    return switch (activation) {
      case RELU -> z > 0 ? z : 0;
      case TANH -> Math.tanh(z);
      case LINEAR -> z;
    };
  }

  /** f(x) for one input of length d, in double precision. */
  public double output(double[] x, int offset) {
    double f = c;
    for (int j = 0; j < width; j++) {
      double z = b[j];
      int row = j * inputDim;
      for (int k = 0; k < inputDim; k++) {
        z += w[row + k] * x[offset + k];
      }
      f += a[j] * activate(z);
    }
    return f;
  }
}
