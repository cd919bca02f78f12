package io.sweep.worker.diagnose;

import io.sweep.worker.data.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The largest algebraic eigenvalue λmax of a Hessian from Hessian-vector products only: the
 * Lanczos iteration with full reorthogonalisation (Golub &amp; Van Loan, <i>Matrix
 * Computations</i>, 4th ed., §10.1), as SCIENCE.md ("Hessian") asks.
 *
 * <p>Algorithm: q₁ = a Rademacher vector (entries ±1, from a {@link SplittableRandom} seeded with
 * {@code Seeds.derive(seed, "lanczos")}) divided by √P; for k = 1, 2, …: w = Hqₖ, αₖ = qₖ·w, w ←
 * w − αₖqₖ − βₖ₋₁qₖ₋₁, then w is made orthogonal to every earlier qᵢ (classical Gram–Schmidt,
 * twice), βₖ = ‖w‖, qₖ₊₁ = w/βₖ. The eigenvalues of the k × k tridiagonal matrix T (diagonal α,
 * off-diagonal β), from commons-math3's {@link EigenDecomposition}, are the Ritz values; the
 * largest, θ, estimates λmax. Unlike the power iteration, this finds the largest <em>algebraic</em>
 * eigenvalue even when the spectrum has larger negative eigenvalues.
 *
 * <p>Stopping: the Ritz pair (θ, y) has residual ‖Hy − θy‖ = βₖ |sₖ| (sₖ the last entry of θ's
 * eigenvector of T), and some eigenvalue of H lies within that residual of θ. The iteration
 * stops, converged, when βₖ|sₖ| ≤ tolerance · max(|θ_max|, |θ_min|) (relative to the Ritz estimate
 * of ‖H‖₂, so a λmax near 0 is not asked for impossible relative accuracy), or when k = P (then T
 * is similar to H and θ is exact). Otherwise it stops unconverged after {@code maxIterations}.
 * Memory: k vectors of length P.
 *
 * <p>Stateless and thread-safe; deterministic in its arguments.
 */
public final class Lanczos {

  /** The random stream of the start vector. */
  public static final String STREAM = "lanczos";
  /** SCIENCE.md's tolerance: λmax converged to 1e-3 relative. */
  public static final double TOLERANCE = 1e-3;
  /** Iteration cap of {@link HessianEstimates#estimated}. */
  public static final int MAX_ITERATIONS = 200;

  private Lanczos() {}

  /**
   * The outcome of a Lanczos run.
   *
   * @param maxEigenvalue the largest Ritz value θ (NaN if a product was not finite)
   * @param residual      βₖ|sₖ|, the residual norm of θ's Ritz vector
   * @param iterations    k, which is also the number of Hessian-vector products spent
   * @param converged     whether the stopping rule was met
   */
  public record Result(double maxEigenvalue, double residual, int iterations, boolean converged) {}

  /**
   * Runs Lanczos on the Hessian of {@code f}.
   *
   * @param f             the function, at its point
   * @param tolerance     relative residual tolerance, &gt; 0 (SCIENCE.md: {@link #TOLERANCE})
   * @param maxIterations iteration cap ≥ 1 (capped further at P)
   * @param seed          the run's seed; stream {@value #STREAM} derives from it
   */
  public static Result maxEigenvalue(
      TwiceDifferentiable f, double tolerance, int maxIterations, long seed) {
    return maxEigenvalue(f, tolerance, maxIterations, seed, f::hessianVectorProduct);
  }

  /** How a Lanczos iteration multiplies by H: w ← H q. */
  @FunctionalInterface
  interface Product {
    void apply(double[] q, double[] w);
  }

  /**
   * As {@link #maxEigenvalue(TwiceDifferentiable, double, int, long)}, each product by {@code
   * product} instead of {@link TwiceDifferentiable#hessianVectorProduct} ({@link BlockHessian}'s
   * matrix-product one: the same H, summed in another order).
   */
  static Result maxEigenvalue(
      TwiceDifferentiable f, double tolerance, int maxIterations, long seed, Product product) {
    Objects.requireNonNull(f, "f");
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
    }
    int dim = f.dimension();
    int cap = Math.min(maxIterations, dim);
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, STREAM));
    double[] q = new double[dim];
    double norm = 1 / Math.sqrt(dim);
    for (int i = 0; i < dim; i++) {
      q[i] = rng.nextBoolean() ? norm : -norm;
    }
    List<double[]> basis = new ArrayList<>();
    double[] alpha = new double[cap];
    double[] beta = new double[cap];
    double theta = Double.NaN;
    double residual = Double.NaN;
    for (int k = 0; k < cap; k++) {
      basis.add(q);
      double[] w = new double[dim];
      product.apply(q, w);
      if (!allFinite(w)) {
        return new Result(Double.NaN, Double.NaN, k + 1, false);
      }
      alpha[k] = dot(q, w);
      axpy(-alpha[k], q, w);
      if (k > 0) {
        axpy(-beta[k - 1], basis.get(k - 1), w);
      }
      for (int pass = 0; pass < 2; pass++) {
        for (double[] qi : basis) {
          axpy(-dot(qi, w), qi, w);
        }
      }
      beta[k] = Math.sqrt(dot(w, w));

      double[] ritz = largestRitzPair(alpha, beta, k + 1);
      theta = ritz[0];
      residual = beta[k] * Math.abs(ritz[1]);
      double scale = ritz[2];
      if (residual <= tolerance * scale || k + 1 == dim) {
        return new Result(theta, residual, k + 1, true);
      }
      for (int i = 0; i < dim; i++) {
        w[i] /= beta[k];
      }
      q = w;
    }
    return new Result(theta, residual, cap, false);
  }

  /**
   * {θ_max, last entry of its eigenvector, max |Ritz value|} of the k × k tridiagonal (α, β).
   */
  private static double[] largestRitzPair(double[] alpha, double[] beta, int k) {
    if (k == 1) {
      return new double[] {alpha[0], 1, Math.abs(alpha[0])};
    }
    double[] main = java.util.Arrays.copyOf(alpha, k);
    double[] secondary = java.util.Arrays.copyOf(beta, k - 1);
    EigenDecomposition eig = new EigenDecomposition(main, secondary);
    double[] values = eig.getRealEigenvalues();
    int top = 0;
    double scale = 0;
    for (int i = 0; i < values.length; i++) {
      if (values[i] > values[top]) {
        top = i;
      }
      scale = Math.max(scale, Math.abs(values[i]));
    }
    return new double[] {values[top], eig.getEigenvector(top).getEntry(k - 1), scale};
  }

  static boolean allFinite(double[] v) {
    for (double x : v) {
      if (!Double.isFinite(x)) {
        return false;
      }
    }
    return true;
  }

  static double dot(double[] u, double[] v) {
    double s = 0;
    for (int i = 0; i < u.length; i++) {
      s += u[i] * v[i];
    }
    return s;
  }

  /** y ← y + s·x. */
  private static void axpy(double s, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += s * x[i];
    }
  }
}
