package io.sweep.worker.diagnose;

import io.sweep.worker.spec.Activation;
import java.nio.DoubleBuffer;

/**
 * σ and σ′ over a whole matrix of pre-activations, choosing the activation once per matrix rather
 * than per element (relu, tanh and linear as tight loops; the others call {@link Activation}
 * element by element). The same numbers as {@link Activation#apply} and {@link
 * Activation#derivative}, bit for bit.
 *
 * <p>Stateless and thread-safe.
 */
final class ActivationLoops {

  private ActivationLoops() {}

  /**
   * For the rows × cols row-major z: zᵢⱼ ← σ(zᵢⱼ + bⱼ), and sᵢⱼ ← σ′(zᵢⱼ + bⱼ) when {@code slope}
   * is not null.
   *
   * @param bias cols entries
   */
  static void apply(Activation sigma, DoubleBuffer z, DoubleBuffer slope, double[] bias, int rows,
      int cols) {
    switch (sigma) {
      case RELU -> {
        for (int i = 0; i < rows; i++) {
          int row = i * cols;
          for (int j = 0; j < cols; j++) {
            double v = z.get(row + j) + bias[j];
            boolean on = v > 0;
            z.put(row + j, on ? v : 0);
            if (slope != null) {
              slope.put(row + j, on ? 1 : 0);
            }
          }
        }
      }
      case TANH -> {
        for (int i = 0; i < rows; i++) {
          int row = i * cols;
          for (int j = 0; j < cols; j++) {
            double t = Math.tanh(z.get(row + j) + bias[j]);
            z.put(row + j, t);
            if (slope != null) {
              slope.put(row + j, 1 - t * t);
            }
          }
        }
      }
      case LINEAR -> {
        for (int i = 0; i < rows; i++) {
          int row = i * cols;
          for (int j = 0; j < cols; j++) {
            z.put(row + j, z.get(row + j) + bias[j]);
            if (slope != null) {
              slope.put(row + j, 1);
            }
          }
        }
      }
      default -> {
        for (int i = 0; i < rows; i++) {
          int row = i * cols;
          for (int j = 0; j < cols; j++) {
            double v = z.get(row + j) + bias[j];
            z.put(row + j, sigma.apply(v));
            if (slope != null) {
              slope.put(row + j, sigma.derivative(v));
            }
          }
        }
      }
    }
  }
}
