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
 * <p>Immutable and thread-safe.
 */
public final class LeastSquares {

  private final double[] beta;
  private final double intercept;
  private final int rank;

  private LeastSquares(double[] beta, double intercept, int rank) {
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
    double[] theta = new double[d + 1];
    int rank = 0;
    for (int c = 0; c < s.length; c++) {
      if (!(s[c] > tol)) {
        continue;
      }
      rank++;
      double uy = 0;
      for (int i = 0; i < n; i++) {
        uy += u.getEntry(i, c) * train.y()[i];
      }
      double coefficient = uy / s[c];
      for (int k = 0; k <= d; k++) {
        theta[k] += v.getEntry(k, c) * coefficient;
      }
    }
    double[] beta = java.util.Arrays.copyOf(theta, d);
    return new LeastSquares(beta, theta[d], rank);
  }

  /** β̂, a copy of length d. */
  public double[] coefficients() {
    return beta.clone();
  }

  /** β̂₀. */
  public double intercept() {
    return intercept;
  }

  /** The rank of [X | 1] used (singular values above the cut-off). */
  public int rank() {
    return rank;
  }

  /** x·β̂ + β̂₀ for the input of length d at {@code x[offset …]}. */
  public double predict(double[] x, int offset) {
    double s = intercept;
    for (int k = 0; k < beta.length; k++) {
      s += beta[k] * x[offset + k];
    }
    return s;
  }

  /**
   * ols_distance: (1/n_test) Σᵢ (f(xᵢ) − xᵢ·β̂ − β̂₀)² over the test inputs, in squared label
   * units. NaN when the network has non-finite parameters.
   *
   * @throws IllegalArgumentException when dimensions do not match
   */
  public static double olsDistance(NetworkParameters p, Samples test, LeastSquares fit) {
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(fit, "fit");
    int d = test.d();
    if (p.inputDim() != d || fit.beta.length != d) {
      throw new IllegalArgumentException(
          "dimensions differ: network " + p.inputDim() + ", test set " + d + ", fit "
              + fit.beta.length);
    }
    double ss = 0;
    for (int i = 0; i < test.n(); i++) {
      double e = p.output(test.x(), i * d) - fit.predict(test.x(), i * d);
      ss += e * e;
    }
    return ss / test.n();
  }
}
