package io.sweep.worker.diagnose;

import org.bytedeco.openblas.global.openblas;

/**
 * Eigenvalues of a dense symmetric matrix by LAPACK's {@code dsyev} (OpenBLAS, the library ND4J's
 * CPU backend ships), eigenvalues only, on Java heap arrays.
 *
 * <p><b>Why not ND4J's {@code Eigen.symmetricGeneralizedEigenvalues}</b> (used here until issue 20):
 * with {@code calculateVectors = false} it passes a temporary {@code A.dup()} to {@code
 * CpuLapack.dsyev}, which hands LAPACK a bare address ({@code A.data().addressPointer()}, a pointer
 * that does not reference the buffer) and never touches the temporary again. Once the JIT has
 * compiled that path, nothing keeps the temporary reachable during the native call; a garbage
 * collection in those milliseconds lets ND4J's deallocator thread free its native memory while
 * LAPACK still works in it, and {@code LAPACKE_dsyev}'s final transpose ({@code LAPACKE_dge_trans},
 * jobz = 'V') writes P² doubles of eigenvectors into freed memory. That was the sweep that died
 * with {@code malloc(): unsorted double linked list corrupted}: one exact Hessian per run, a GC
 * every few hundred runs, a crash every few thousand. A heap-corrupting write can also go
 * unnoticed and change other numbers, which is worse than a crash.
 *
 * <p>Here JavaCPP passes the Java arrays to the native call itself (pinned or copied for the
 * duration of the call, by JNI), so no garbage collector or deallocator can free them under
 * LAPACK, and no ND4J buffer is involved. Asking for eigenvalues only (jobz = 'N') also skips the
 * eigenvectors ND4J always computed: about 3× less work.
 *
 * <p>Stateless and thread-safe (each call works on its own arrays).
 */
public final class SymmetricEigenvalues {

  private SymmetricEigenvalues() {}

  /**
   * The eigenvalues of the symmetric matrix {@code m} (only its upper triangle is read), in
   * ascending order. {@code m} is not modified.
   *
   * @throws IllegalArgumentException if {@code m} is not square
   * @throws ArithmeticException      if LAPACK reports a failure (non-convergence)
   */
  public static double[] of(double[][] m) {
    int n = m.length;
    double[] a = rowMajor(m);
    double[] w = new double[n];
    if (n == 0) {
      return w;
    }
    // Row-major storage of a symmetric matrix read as column-major is the same matrix with the
    // triangles swapped: ask for the lower triangle in column-major, which is m's upper triangle.
    int info = openblas.LAPACKE_dsyev(
        openblas.LAPACK_COL_MAJOR, (byte) 'N', (byte) 'L', n, a, n, w);
    if (info != 0) {
      throw new ArithmeticException("LAPACK dsyev failed with info = " + info + " (n = " + n + ")");
    }
    return w;
  }

  /**
   * Eigenvalues in ascending order and orthonormal eigenvectors: {@code vectors[j]} belongs to
   * {@code values[j]}.
   */
  public record Decomposition(double[] values, double[][] vectors) {}

  /**
   * The eigen-decomposition of the symmetric matrix {@code m} (upper triangle read), by {@code
   * dsyev} with jobz = 'V' on heap arrays, as {@link #of}. {@code m} is not modified.
   *
   * @throws IllegalArgumentException if {@code m} is not square
   * @throws ArithmeticException      if LAPACK reports a failure (non-convergence)
   */
  public static Decomposition decompose(double[][] m) {
    int n = m.length;
    double[] a = rowMajor(m);
    double[] w = new double[n];
    double[][] vectors = new double[n][n];
    if (n == 0) {
      return new Decomposition(w, vectors);
    }
    int info = openblas.LAPACKE_dsyev(
        openblas.LAPACK_COL_MAJOR, (byte) 'V', (byte) 'L', n, a, n, w);
    if (info != 0) {
      throw new ArithmeticException("LAPACK dsyev failed with info = " + info + " (n = " + n + ")");
    }
    // column-major output: eigenvector j is column j, the contiguous a[j·n, (j + 1)·n)
    for (int j = 0; j < n; j++) {
      System.arraycopy(a, j * n, vectors[j], 0, n);
    }
    return new Decomposition(w, vectors);
  }

  /** {@code m} copied row-major into one array, checked square. */
  private static double[] rowMajor(double[][] m) {
    int n = m.length;
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      if (m[i].length != n) {
        throw new IllegalArgumentException(
            "row " + i + " has " + m[i].length + " entries in a " + n + " × " + n + " matrix");
      }
      System.arraycopy(m[i], 0, a, i * n, n);
    }
    return a;
  }

  /** The largest eigenvalue of the symmetric matrix {@code m} (NaN for a 0 × 0 matrix). */
  public static double max(double[][] m) {
    double[] w = of(m);
    return w.length == 0 ? Double.NaN : w[w.length - 1];
  }
}
