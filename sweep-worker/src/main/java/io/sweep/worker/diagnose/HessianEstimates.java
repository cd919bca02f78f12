package io.sweep.worker.diagnose;

import io.sweep.worker.data.Seeds;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * λmax, trace and Frobenius norm of the Hessian H of a {@link TwiceDifferentiable} (SCIENCE.md,
 * "Hessian"), by one of two paths:
 *
 * <ul>
 *   <li>{@link #exact}: the dense P × P Hessian, column i = H eᵢ from P Hessian-vector products,
 *       symmetrised as (H + Hᵀ)/2; tr H = Σ Hᵢᵢ and ‖H‖F = √(Σ Hᵢⱼ²) from its entries, λmax from
 *       LAPACK's symmetric eigenvalue solver ({@link SymmetricEigenvalues}). Standard errors 0,
 *       method {@value HessianSummary#EXACT}. Cost P products, P² doubles and an O(P³) eigen-decomposition.
 *   <li>{@link #estimated}: λmax by {@link Lanczos} (relative tolerance {@value
 *       Lanczos#TOLERANCE}, at most {@value Lanczos#MAX_ITERATIONS} iterations); trace and
 *       Frobenius norm by Hutchinson's estimator with N Rademacher probes vₚ (entries ±1 with
 *       probability ½, from a {@link SplittableRandom} seeded with {@code Seeds.derive(seed,
 *       "hutchinson")}, drawn coordinate by coordinate, probe after probe): E[vᵀHv] = tr H and
 *       E‖Hv‖² = ‖H‖F², since E[vvᵀ] = I. With tₚ = vₚᵀHvₚ and fₚ = ‖Hvₚ‖² (one product per probe
 *       gives both): trace = mean(t), its standard error sd(t)/√N; F² = mean(f), SE(F²) =
 *       sd(f)/√N; ‖H‖F = √F² with the delta-method standard error SE(F²) / (2‖H‖F) (0 when ‖H‖F =
 *       0). sd is the sample standard deviation (divisor N − 1). Method {@value
 *       HessianSummary#ESTIMATED}, or {@value HessianSummary#UNCONVERGED} when Lanczos hit its
 *       cap. Cost: Lanczos iterations + N products.
 * </ul>
 *
 * <p>{@link #summarise} picks the exact path when P ≤ the configured maximum. A non-finite loss or
 * dense Hessian gives {@link HessianSummary#none()}; a non-finite product on the estimated path
 * gives NaN numbers; never an exception.
 *
 * <p>Stateless and thread-safe; deterministic in its arguments.
 */
public final class HessianEstimates {

  /** The random stream of the Hutchinson probes. */
  public static final String HUTCHINSON_STREAM = "hutchinson";

  private HessianEstimates() {}

  /**
   * The exact summary when {@code f.dimension() ≤ exactMaxParams}, else the estimated one.
   *
   * @param f              the loss at its point
   * @param exactMaxParams largest parameter count computed densely, ≥ 0
   * @param probes         Hutchinson probes N ≥ 2 (used on the estimated path only)
   * @param seed           the run's seed
   */
  public static HessianSummary summarise(
      TwiceDifferentiable f, int exactMaxParams, int probes, long seed) {
    return summarise(f, exactMaxParams, HessianEstimates::exact, g -> estimated(g, probes, seed));
  }

  /** The choice of {@link #summarise}, with the two paths given (those of {@link BlockHessian}). */
  static HessianSummary summarise(TwiceDifferentiable f, int exactMaxParams,
      java.util.function.Function<TwiceDifferentiable, HessianSummary> exact,
      java.util.function.Function<TwiceDifferentiable, HessianSummary> estimated) {
    Objects.requireNonNull(f, "f");
    if (!Double.isFinite(f.value())) {
      return HessianSummary.none();
    }
    return f.dimension() <= exactMaxParams ? exact.apply(f) : estimated.apply(f);
  }

  /** The exact summary from the dense Hessian. */
  public static HessianSummary exact(TwiceDifferentiable f) {
    return exact(dense(f));
  }

  /** The exact summary of a dense symmetric Hessian. */
  static HessianSummary exact(double[][] h) {
    int dim = h.length;
    double trace = 0;
    double ss = 0;
    for (int i = 0; i < dim; i++) {
      trace += h[i][i];
      for (int j = 0; j < dim; j++) {
        ss += h[i][j] * h[i][j];
      }
    }
    if (!Double.isFinite(trace) || !Double.isFinite(ss)) {
      return HessianSummary.none();
    }
    // LAPACK dsyev, eigenvalues only, on heap arrays: never through ND4J's Eigen wrapper, whose
    // temporary copy could be freed under LAPACK (see SymmetricEigenvalues).
    double max = SymmetricEigenvalues.max(h);
    return new HessianSummary(max, trace, 0, Math.sqrt(ss), 0, HessianSummary.EXACT, dim);
  }

  /**
   * The estimated summary: Lanczos λmax and Hutchinson trace and Frobenius norm.
   *
   * @param probes number of Rademacher probes N ≥ 2
   * @param seed   the run's seed; streams {@value Lanczos#STREAM} and {@value
   *               #HUTCHINSON_STREAM} derive from it
   */
  public static HessianSummary estimated(TwiceDifferentiable f, int probes, long seed) {
    Objects.requireNonNull(f, "f");
    if (probes < 2) {
      throw new IllegalArgumentException("probes must be >= 2, got " + probes);
    }
    Lanczos.Result top =
        Lanczos.maxEigenvalue(f, Lanczos.TOLERANCE, Lanczos.MAX_ITERATIONS, seed);
    int dim = f.dimension();
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, HUTCHINSON_STREAM));
    double[] t = new double[probes];
    double[] fro = new double[probes];
    double[] v = new double[dim];
    double[] hv = new double[dim];
    for (int p = 0; p < probes; p++) {
      for (int i = 0; i < dim; i++) {
        v[i] = rng.nextBoolean() ? 1 : -1;
      }
      f.hessianVectorProduct(v, hv);
      t[p] = Lanczos.dot(v, hv);
      fro[p] = Lanczos.dot(hv, hv);
    }
    return estimated(top, t, fro);
  }

  /**
   * The estimated summary from Lanczos' outcome and the probes' tₚ = vₚᵀHvₚ and fₚ = ‖Hvₚ‖².
   */
  static HessianSummary estimated(Lanczos.Result top, double[] t, double[] fro) {
    int probes = t.length;
    double trace = mean(t);
    double traceSe = standardError(t, trace);
    double fro2 = mean(fro);
    double fro2Se = standardError(fro, fro2);
    double frobenius = Math.sqrt(fro2);
    double frobeniusSe = frobenius > 0 ? fro2Se / (2 * frobenius) : fro2Se == 0 ? 0 : Double.NaN;
    String method = top.converged() ? HessianSummary.ESTIMATED : HessianSummary.UNCONVERGED;
    return new HessianSummary(
        top.maxEigenvalue(), trace, traceSe, frobenius, frobeniusSe, method,
        top.iterations() + probes);
  }

  /**
   * tr H alone: exact, Σᵢ eᵢᵀHeᵢ (P products), when P ≤ {@code exactMaxParams}; else the Hutchinson
   * mean of vᵀHv over {@code probes} Rademacher probes v from stream {@value #HUTCHINSON_STREAM}
   * of {@code seed}, as {@link #estimated}. NaN when the loss is not finite.
   */
  public static double trace(TwiceDifferentiable f, int exactMaxParams, int probes, long seed) {
    Objects.requireNonNull(f, "f");
    if (!Double.isFinite(f.value())) {
      return Double.NaN;
    }
    int dim = f.dimension();
    double[] v = new double[dim];
    double[] hv = new double[dim];
    double sum = 0;
    if (dim <= exactMaxParams) {
      for (int i = 0; i < dim; i++) {
        v[i] = 1;
        f.hessianVectorProduct(v, hv);
        v[i] = 0;
        sum += hv[i];
      }
      return sum;
    }
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, HUTCHINSON_STREAM));
    for (int p = 0; p < probes; p++) {
      for (int i = 0; i < dim; i++) {
        v[i] = rng.nextBoolean() ? 1 : -1;
      }
      f.hessianVectorProduct(v, hv);
      sum += Lanczos.dot(v, hv);
    }
    return sum / probes;
  }

  /**
   * The dense Hessian, column i = H eᵢ, symmetrised: {@code h[i][j] = h[j][i] = (Hᵢⱼ + Hⱼᵢ)/2}.
   * A new P × P array (P products; mind the memory, 8P² bytes).
   */
  public static double[][] dense(TwiceDifferentiable f) {
    Objects.requireNonNull(f, "f");
    int dim = f.dimension();
    double[][] h = new double[dim][dim];
    double[] e = new double[dim];
    double[] column = new double[dim];
    for (int j = 0; j < dim; j++) {
      e[j] = 1;
      f.hessianVectorProduct(e, column);
      e[j] = 0;
      for (int i = 0; i < dim; i++) {
        h[i][j] = column[i];
      }
    }
    return symmetrised(h);
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** sd(x)/√N with the N − 1 divisor. */
  private static double standardError(double[] x, double mean) {
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / (x.length - 1) / x.length);
  }

  /** h made exactly symmetric, (h + hᵀ)/2 in place (products of H carry rounding asymmetry). */
  static double[][] symmetrised(double[][] h) {
    for (int i = 0; i < h.length; i++) {
      for (int j = i + 1; j < h.length; j++) {
        double s = (h[i][j] + h[j][i]) / 2;
        h[i][j] = s;
        h[j][i] = s;
      }
    }
    return h;
  }
}
