package io.sweep.worker.diagnose;

import org.bytedeco.openblas.global.openblas;

/**
 * C ← op(A)·op(B) in double precision by OpenBLAS's {@code cblas_dgemm}, on row-major Java heap
 * arrays (JavaCPP hands the arrays to the native call itself, as in {@link SymmetricEigenvalues}).
 * The block Hessian-vector products of {@link TwoLayerMse} are two such products per block.
 *
 * <p>Stateless and thread-safe.
 */
final class Gemm {

  private Gemm() {}

  /**
   * C (rows × cols) ← op(A) (rows × inner) · op(B) (inner × cols).
   *
   * @param transA whether A is stored inner × rows (op(A) = Aᵀ)
   * @param transB whether B is stored cols × inner (op(B) = Bᵀ)
   */
  static void multiply(boolean transA, boolean transB, int rows, int cols, int inner,
      double[] a, double[] b, double[] c) {
    gemm(transA, transB, rows, cols, inner, a, b, 0.0, c);
  }

  /**
   * out[at + j] += Σᵢ a[i·cols + j]: the column sums 1ᵀA of the rows × cols row-major {@code a}
   * (bias gradients and products), rows in order.
   */
  static void columnSums(double[] a, int rows, int cols, double[] out, int at) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[at + j] += a[i * cols + j];
      }
    }
  }

  /** C ← C + op(A)·op(B), shapes as {@link #multiply}. */
  static void multiplyAdd(boolean transA, boolean transB, int rows, int cols, int inner,
      double[] a, double[] b, double[] c) {
    gemm(transA, transB, rows, cols, inner, a, b, 1.0, c);
  }

  private static void gemm(boolean transA, boolean transB, int rows, int cols, int inner,
      double[] a, double[] b, double beta, double[] c) {
    if (a.length != (long) rows * inner || b.length != (long) inner * cols
        || c.length != (long) rows * cols) {
      throw new IllegalArgumentException("shapes " + rows + " x " + inner + " x " + cols
          + " do not fit arrays of " + a.length + ", " + b.length + ", " + c.length);
    }
    openblas.cblas_dgemm(openblas.CblasRowMajor,
        transA ? openblas.CblasTrans : openblas.CblasNoTrans,
        transB ? openblas.CblasTrans : openblas.CblasNoTrans,
        rows, cols, inner, 1.0, a, transA ? rows : inner, b, transB ? inner : cols, beta, c, cols);
  }
}
