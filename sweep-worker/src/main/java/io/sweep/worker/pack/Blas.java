package io.sweep.worker.pack;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Single-precision BLAS on native pointers, row-major, straight into the OpenBLAS that ND4J's CPU
 * backend itself calls for {@code Nd4j.gemm} ({@code CpuLevel3.sgemm} →
 * {@code openblas_nolapack.cblas_sgemm}). Going direct skips ND4J's per-call op machinery (op
 * context, shape checks, a UUID per call: 15–25 µs for a 16 × 16 product), which is most of the
 * cost of the small products a pack makes every step, and allows sub-matrices with a leading
 * dimension (one replica's columns of a wide matrix).
 *
 * <p>The number of BLAS threads is OpenBLAS's global setting ({@code
 * Nd4j.factory().blas().setMaxThreads}); nothing here changes it. Stateless.
 */
final class Blas {

  private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
  private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
  private static final int TRANS = openblas_nolapack.CblasTrans;

  private Blas() {}

  /** C ← α op(A) op(B) + β C, op(A) m × k, op(B) k × n, C m × n; leading dimensions as stored. */
  static void gemm(
      boolean transA, boolean transB, int m, int n, int k,
      float alpha, FloatPointer a, int lda, FloatPointer b, int ldb,
      float beta, FloatPointer c, int ldc) {
    openblas_nolapack.cblas_sgemm(
        ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS,
        m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }

  /** y ← α op(A) x + β y, A stored m × n with leading dimension lda. */
  static void gemv(
      boolean transA, int m, int n, float alpha, FloatPointer a, int lda,
      FloatPointer x, int incX, float beta, FloatPointer y, int incY) {
    openblas_nolapack.cblas_sgemv(
        ROW_MAJOR, transA ? TRANS : NO_TRANS, m, n, alpha, a, lda, x, incX, beta, y, incY);
  }

  /** A ← α x yᵀ + A, A m × n. */
  static void ger(
      int m, int n, float alpha, FloatPointer x, int incX, FloatPointer y, int incY,
      FloatPointer a, int lda) {
    openblas_nolapack.cblas_sger(ROW_MAJOR, m, n, alpha, x, incX, y, incY, a, lda);
  }

  /** y ← α x + y. */
  static void axpy(int n, float alpha, FloatPointer x, FloatPointer y) {
    openblas_nolapack.cblas_saxpy(n, alpha, x, 1, y, 1);
  }

  /** x ← α x. */
  static void scal(int n, float alpha, FloatPointer x) {
    openblas_nolapack.cblas_sscal(n, alpha, x, 1);
  }

  /** y ← α x + y, on pointers already at their offsets. */
  static void axpy(int n, float alpha, FloatPointer x, int incX, FloatPointer y, int incY) {
    openblas_nolapack.cblas_saxpy(n, alpha, x, incX, y, incY);
  }

  /** x · y, accumulated in float. */
  static float dot(int n, FloatPointer x, FloatPointer y) {
    return openblas_nolapack.cblas_sdot(n, x, 1, y, 1);
  }
}
