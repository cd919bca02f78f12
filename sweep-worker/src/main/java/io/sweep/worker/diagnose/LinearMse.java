package io.sweep.worker.diagnose;

import io.sweep.worker.data.Samples;
import java.util.Arrays;
import java.util.Objects;

/**
 * The mean squared error of a linear model, a quadratic with a known Hessian: the oracle on which
 * the Hessian estimators are tested. With f(x) = β·x (+ β₀ when {@code intercept}), θ = (β, β₀) in
 * that order, and X̃ the n × P design matrix (x, then a column of ones with an intercept):
 *
 * <pre>{@code
 * L(θ) = (1/n) ‖X̃θ − y‖²,   ∇L = (2/n) X̃ᵀ(X̃θ − y),   H = (2/n) X̃ᵀX̃ (constant)
 * }</pre>
 *
 * <p>the loss convention of the trainer (no factor ½). Immutable; thread-safe as {@link
 * TwiceDifferentiable} describes.
 */
public final class LinearMse implements TwiceDifferentiable {

  private final Samples data;
  private final boolean intercept;
  private final double[] theta;
  private final double[] residual;
  private final double loss;

  /**
   * The loss on {@code data} at θ = {@code theta} (copied).
   *
   * @param data      inputs and labels
   * @param intercept whether θ ends with an intercept β₀
   * @param theta     length d, or d + 1 with an intercept
   */
  public LinearMse(Samples data, boolean intercept, double[] theta) {
    this.data = Objects.requireNonNull(data, "data");
    this.intercept = intercept;
    int dim = data.d() + (intercept ? 1 : 0);
    if (theta.length != dim) {
      throw new IllegalArgumentException("expected " + dim + " parameters, got " + theta.length);
    }
    this.theta = theta.clone();
    residual = new double[data.n()];
    double ss = 0;
    for (int i = 0; i < data.n(); i++) {
      double r = dot(theta, i) - data.y()[i];
      residual[i] = r;
      ss += r * r;
    }
    loss = ss / data.n();
  }

  /** The same loss at other parameters. */
  public LinearMse at(double[] otherTheta) {
    return new LinearMse(data, intercept, otherTheta);
  }

  /** θ, a copy. */
  public double[] theta() {
    return theta.clone();
  }

  @Override
  public int dimension() {
    return theta.length;
  }

  @Override
  public double value() {
    return loss;
  }

  @Override
  public double[] gradient() {
    double[] g = new double[theta.length];
    transposeTimes(residual, g);
    return g;
  }

  @Override
  public void hessianVectorProduct(double[] v, double[] out) {
    if (v.length != theta.length || out.length != theta.length) {
      throw new IllegalArgumentException(
          "vectors must have length " + theta.length + ", got " + v.length + " and " + out.length);
    }
    double[] xv = new double[data.n()];
    for (int i = 0; i < data.n(); i++) {
      xv[i] = dot(v, i);
    }
    transposeTimes(xv, out);
  }

  /** x̃ᵢ·t. */
  private double dot(double[] t, int i) {
    int d = data.d();
    double s = intercept ? t[d] : 0;
    for (int k = 0; k < d; k++) {
      s += t[k] * data.x()[i * d + k];
    }
    return s;
  }

  /** out ← (2/n) X̃ᵀ r. */
  private void transposeTimes(double[] r, double[] out) {
    int d = data.d();
    int n = data.n();
    Arrays.fill(out, 0);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        out[k] += r[i] * data.x()[i * d + k];
      }
      if (intercept) {
        out[d] += r[i];
      }
    }
    for (int k = 0; k < out.length; k++) {
      out[k] *= 2.0 / n;
    }
  }
}
