package io.sweep.worker.diagnose;

import org.bytedeco.openblas.global.openblas;

/**
 * C ← op(A)·op(B) in double precision by OpenBLAS's {@code cblas_dgemm} on {@link OffHeapDoubles}
 * (row-major, with offsets and leading dimensions): no copy of the operands per call, and a
 * sub-block of a wider matrix (one replica's columns of a {@link PackedEvaluation} buffer) is a
 * product of its own. {@link Gemm} is the heap-array twin.
 *
 * <p>Stateless and thread-safe.
 */
final class PointerGemm {

  private PointerGemm() {}

  /**
   * C (rows × cols, from element {@code cAt}, row stride {@code ldc}) ← op(A) · op(B).
   *
   * @param transA whether A is stored inner × rows (op(A) = Aᵀ), row stride {@code lda}
   * @param transB whether B is stored cols × inner (op(B) = Bᵀ), row stride {@code ldb}
   */
  static void multiply(boolean transA, boolean transB, int rows, int cols, int inner,
      OffHeapDoubles a, long aAt, int lda, OffHeapDoubles b, long bAt, int ldb,
      OffHeapDoubles c, long cAt, int ldc) {
    check(a, aAt, lda, transA ? inner : rows, transA ? rows : inner, "A");
    check(b, bAt, ldb, transB ? cols : inner, transB ? inner : cols, "B");
    check(c, cAt, ldc, rows, cols, "C");
    openblas.cblas_dgemm(openblas.CblasRowMajor,
        transA ? openblas.CblasTrans : openblas.CblasNoTrans,
        transB ? openblas.CblasTrans : openblas.CblasNoTrans,
        rows, cols, inner, 1.0, a.at(aAt), lda, b.at(bAt), ldb, 0.0, c.at(cAt), ldc);
  }

  /** A stored matrix of {@code rows × cols} at {@code at} with row stride ld lies inside m. */
  private static void check(OffHeapDoubles m, long at, int ld, int rows, int cols, String name) {
    if (at < 0 || ld < Math.max(1, cols)
        || (rows > 0 && at + (long) (rows - 1) * ld + cols > m.length)) {
      throw new IllegalArgumentException(name + ": " + rows + " x " + cols + " at " + at
          + " with stride " + ld + " does not fit " + m.length + " elements");
    }
  }
}
