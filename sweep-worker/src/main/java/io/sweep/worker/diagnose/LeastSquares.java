package io.sweep.worker.diagnose;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The least-squares linear fit x ↦ x·β̂ + β̂₀ of a training set, and the distance of a network to
 * it (SCIENCE.md, section 4, "ols_distance").
 *
 * <p>With the n × (d + 1) design matrix A = [X | 1] and its thin SVD A = U diag(s) Vᵀ
 * (commons-math3), the fit is the minimum-norm least-squares solution
 *
 * <pre>{@code
 * (β̂, β̂₀) = A⁺ y = Σ_{sᵢ > tol} Vᵢ (Uᵢ·y) / sᵢ,   tol = max(n, d + 1) · s₁ · 2⁻⁵²
 * }</pre>
 *
 * <p>(the pseudo-inverse with LAPACK's/NumPy's default cut-off). For n ≥ d + 1 with A of full
 * column rank it is the unique ordinary-least-squares fit; for n ≤ d it is the interpolating
 * (β̂, β̂₀) of smallest ‖(β̂, β̂₀)‖, the intercept included in the norm (the fit gradient descent
 * from zero reaches on the linear model).
 *
 * <p>With k outputs (labels n × k) each output o gets its own fit (β̂ₒ, β̂ₒ₀) = A⁺ yₒ from the one
 * SVD, and the distance is averaged over the outputs.
 *
 * <p>Immutable and thread-safe.
 */
public final class LeastSquares {

  /** β̂ₒ of each output o, length d. */
  private final double[][] beta;
  private final double[] intercept;
  private final int rank;

  private LeastSquares(double[][] beta, double[] intercept, int rank) {
    this.beta = beta;
    this.intercept = intercept;
    this.rank = rank;
  }

  /**
   * Fits {@code train}. Cost: one SVD of an n × (d + 1) matrix.
   *
   * @param train inputs and labels; must be finite
   */
  public static LeastSquares fit(Samples train) {
    Objects.requireNonNull(train, "train");
    int n = train.n();
    int d = train.d();
    double[][] a = new double[n][d + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(train.x(), i * d, a[i], 0, d);
      a[i][d] = 1;
    }
    SingularValueDecomposition svd =
        new SingularValueDecomposition(new Array2DRowRealMatrix(a, false));
    double[] s = svd.getSingularValues();
    RealMatrix u = svd.getU();
    RealMatrix v = svd.getV();
    double tol = Math.max(n, d + 1) * s[0] * Math.ulp(1.0);
    int k = train.k();
    double[][] theta = new double[k][d + 1];
    int rank = 0;
    for (int c = 0; c < s.length; c++) {
      if (!(s[c] > tol)) {
        continue;
      }
      rank++;
      for (int o = 0; o < k; o++) {
        double uy = 0;
        for (int i = 0; i < n; i++) {
          uy += u.getEntry(i, c) * train.y()[i * k + o];
        }
        double coefficient = uy / s[c];
        for (int j = 0; j <= d; j++) {
          theta[o][j] += v.getEntry(j, c) * coefficient;
        }
      }
    }
    double[][] beta = new double[k][];
    double[] intercept = new double[k];
    for (int o = 0; o < k; o++) {
      beta[o] = java.util.Arrays.copyOf(theta[o], d);
      intercept[o] = theta[o][d];
    }
    return new LeastSquares(beta, intercept, rank);
  }

  /** Number of outputs k fitted. */
  public int outputs() {
    return beta.length;
  }

  /** β̂ of output 0 (the only one for one output), a copy of length d. */
  public double[] coefficients() {
    return coefficients(0);
  }

  /** β̂ₒ of output o, a copy of length d. */
  public double[] coefficients(int o) {
    return beta[o].clone();
  }

  /** β̂₀ of output 0 (the only one for one output). */
  public double intercept() {
    return intercept[0];
  }

  /** β̂ₒ₀ of output o. */
  public double intercept(int o) {
    return intercept[o];
  }

  /** The rank of [X | 1] used (singular values above the cut-off). */
  public int rank() {
    return rank;
  }

  /** x·β̂ + β̂₀ of output 0 for the input of length d at {@code x[offset …]}. */
  public double predict(double[] x, int offset) {
    return predict(x, offset, 0);
  }

  /** x·β̂ₒ + β̂ₒ₀ of output o for the input of length d at {@code x[offset …]}. */
  public double predict(double[] x, int offset, int o) {
    double[] b = beta[o];
    double s = intercept[o];
    for (int k = 0; k < b.length; k++) {
      s += b[k] * x[offset + k];
    }
    return s;
  }

  /**
   * ols_distance: (1/(n_test·k)) Σᵢ Σₒ (fₒ(xᵢ) − xᵢ·β̂ₒ − β̂ₒ₀)² over the test inputs, the mean over
   * the k outputs of each output's distance ((1/n_test) Σᵢ (f(xᵢ) − xᵢ·β̂ − β̂₀)² for one output),
   * in squared label units. NaN when the network has non-finite parameters.
   *
   * @throws IllegalArgumentException when dimensions or output counts do not match
   */
  public static double olsDistance(NetworkParameters p, Samples test, LeastSquares fit) {
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(fit, "fit");
    int d = test.d();
    int k = fit.outputs();
    if (p.inputDim() != d || fit.beta[0].length != d || p.outputDim() != k) {
      throw new IllegalArgumentException(
          "dimensions differ: network " + p.inputDim() + " inputs and " + p.outputDim()
              + " outputs, test set " + d + ", fit " + fit.beta[0].length + " and " + k);
    }
    return olsDistance(Evaluation.outputs(p, test.x(), test.n()), test, fit);
  }

  /**
   * ols_distance from the network's outputs on the test inputs (n_test × k, row-major, as {@link
   * Evaluation#outputs} gives them: the diagnostics evaluate the network on the test set once).
   */
  static double olsDistance(double[] outputs, Samples test, LeastSquares fit) {
    int d = test.d();
    int k = fit.outputs();
    double ss = 0;
    for (int i = 0; i < test.n(); i++) {
      for (int o = 0; o < k; o++) {
        double e = outputs[i * k + o] - fit.predict(test.x(), i * d, o);
        ss += e * e;
      }
    }
    return ss / ((double) test.n() * k);
  }
}
