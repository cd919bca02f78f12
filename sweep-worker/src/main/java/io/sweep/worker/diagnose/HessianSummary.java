package io.sweep.worker.diagnose;

import java.io.Serializable;
import java.util.Objects;

/**
 * What the diagnostics report about the Hessian H of the training loss at the end of training
 * (SCIENCE.md, "Hessian", and section 3): its largest algebraic eigenvalue λmax, its trace and its
 * Frobenius norm, in units of loss per squared parameter unit.
 *
 * @param maxEigenvalue     λmax(H), the largest algebraic eigenvalue (not the largest magnitude)
 * @param trace             tr H = Σᵢ λᵢ
 * @param traceStdError     standard error of {@code trace}; 0 when computed exactly
 * @param frobenius         ‖H‖F = √(Σᵢⱼ Hᵢⱼ²)
 * @param frobeniusStdError standard error of {@code frobenius}; 0 when computed exactly
 * @param method            {@value #EXACT}, {@value #ESTIMATED}, {@value #UNCONVERGED} (Lanczos
 *                          stopped at its iteration cap before reaching its tolerance; λmax is then
 *                          its best Ritz value, a lower bound) or {@value #NONE} (nothing computed:
 *                          every number NaN)
 * @param hvps              number of Hessian-vector products spent
 */
public record HessianSummary(
    double maxEigenvalue,
    double trace,
    double traceStdError,
    double frobenius,
    double frobeniusStdError,
    String method,
    int hvps)
    implements Serializable {

  /** Dense Hessian from P products with unit vectors, exact eigenvalues. */
  public static final String EXACT = "exact";
  /** Lanczos λmax (converged) and Hutchinson trace and Frobenius norm. */
  public static final String ESTIMATED = "estimated";
  /** As {@link #ESTIMATED}, but Lanczos did not reach its tolerance. */
  public static final String UNCONVERGED = "estimated-unconverged";
  /** Not computed (non-finite parameters or loss). */
  public static final String NONE = "none";

  public HessianSummary {
    Objects.requireNonNull(method, "method");
    if (hvps < 0) {
      throw new IllegalArgumentException("hvps must be >= 0, got " + hvps);
    }
  }

  /** The summary with every number NaN and method {@value #NONE}. */
  public static HessianSummary none() {
    return new HessianSummary(
        Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, NONE, 0);
  }
}
