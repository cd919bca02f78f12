package io.sweep.worker.diagnose;

import org.bytedeco.openblas.global.openblas;

/**
 * Singular values of a dense matrix by LAPACK's {@code dgesdd} (OpenBLAS, the library ND4J's CPU
 * backend ships), values only (jobz = 'N'), on Java heap arrays, as {@link SymmetricEigenvalues}
 * (whose notes say why never through ND4J's wrappers).
 *
 * <p>Why not commons-math3's {@code SingularValueDecomposition}: it always forms U and V, and
 * for the m × n pre-activation matrices of {@link TheoryMetrics} (64 × 256 on the bench sweep)
 * that was about half of a pack's diagnostics (issue 17). Both are backward stable: each singular
 * value agrees to a few ulps of s₁, so {@link RankMetrics}' formulas agree to ≈ 1e-15 relative.
 *
 * <p>Stateless and thread-safe (each call works on its own arrays).
 */
public final class SingularValues {

  private SingularValues() {}

  /**
   * The min(m, n) singular values of the row-major m × n matrix {@code a}, in descending order.
   * {@code a} is not modified.
   *
   * @throws IllegalArgumentException if {@code a} does not have m·n entries
   * @throws ArithmeticException      if LAPACK reports a failure (non-convergence)
   */
  public static double[] of(double[] a, int m, int n) {
    if (m < 0 || n < 0 || a.length != (long) m * n) {
      throw new IllegalArgumentException(
          "expected an m x n = " + m + " x " + n + " matrix, got " + a.length + " entries");
    }
    double[] s = new double[Math.min(m, n)];
    if (s.length == 0) {
      return s;
    }
    // Row-major m × n read as column-major is its n × m transpose: same singular values.
    double[] work = a.clone();
    int info = openblas.LAPACKE_dgesdd(openblas.LAPACK_COL_MAJOR, (byte) 'N', n, m, work,
        n, s, new double[1], 1, new double[1], 1);
    if (info != 0) {
      throw new ArithmeticException(
          "LAPACK dgesdd failed with info = " + info + " (" + m + " x " + n + ")");
    }
    return s;
  }
}
