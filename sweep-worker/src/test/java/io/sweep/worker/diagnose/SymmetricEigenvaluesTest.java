package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

class SymmetricEigenvaluesTest {

  private static double[][] randomSymmetric(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double v = rng.nextDouble(-1, 1);
        m[i][j] = v;
        m[j][i] = v;
      }
    }
    return m;
  }

  private static double[][] copy(double[][] m) {
    return Arrays.stream(m).map(double[]::clone).toArray(double[][]::new);
  }

  @Test
  void twoByTwoMatchesTheClosedForm() {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    assertArrayEquals(new double[] {1, 3}, SymmetricEigenvalues.of(new double[][] {{2, 1}, {1, 2}}),
        1e-14);
    assertEquals(-1, SymmetricEigenvalues.max(new double[][] {{-1, 0}, {0, -4}}), 0);
  }

  @Test
  void randomMatricesMatchCommonsMathAndAreLeftUnchanged() {
    for (int n : new int[] {1, 3, 17, 144}) {
      double[][] m = randomSymmetric(n, n);
      double[][] before = copy(m);
      double[] want = new EigenDecomposition(new Array2DRowRealMatrix(m)).getRealEigenvalues();
      Arrays.sort(want);
      double[] got = SymmetricEigenvalues.of(m);
      assertArrayEquals(want, got, 1e-10 * Math.max(1, Math.abs(want[n - 1])), "n = " + n);
      assertTrue(Arrays.deepEquals(before, m), "input modified at n = " + n);
    }
  }

  @Test
  void onlyTheUpperTriangleIsRead() {
    double[][] m = randomSymmetric(6, 3);
    double[][] upper = copy(m);
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < i; j++) {
        upper[i][j] = 1e6; // garbage below the diagonal
      }
    }
    assertArrayEquals(SymmetricEigenvalues.of(m), SymmetricEigenvalues.of(upper), 1e-12);
  }

  @Test
  void emptyAndNonSquareInputs() {
    assertEquals(0, SymmetricEigenvalues.of(new double[0][0]).length);
    assertTrue(Double.isNaN(SymmetricEigenvalues.max(new double[0][0])));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SymmetricEigenvalues.of(new double[][] {{1, 2}, {3}}));
    assertEquals("row 1 has 1 entries in a 2 × 2 matrix", e.getMessage());
  }

  /**
   * The shape of the issue-20 failure: many decompositions on two threads while the collector runs
   * all the time. With ND4J's Eigen wrapper a freed temporary was written to (a crash under glibc's
   * debugging allocator, different eigenvalues without it); here every result must be bitwise the
   * first one. The soak check (SoakIT) runs the same under the debugging allocator at scale.
   */
  @Test
  void repeatedDecompositionsUnderConstantGarbageCollectionGiveIdenticalResults() throws Exception {
    double[][] m = randomSymmetric(144, 20);
    double[] want = SymmetricEigenvalues.of(m);
    AtomicBoolean stop = new AtomicBoolean();
    Thread collector = new Thread(() -> {
      while (!stop.get()) {
        System.gc();
        Thread.onSpinWait();
      }
    });
    collector.setDaemon(true);
    collector.start();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?>[] workers = new Future<?>[2];
      for (int t = 0; t < workers.length; t++) {
        workers[t] = pool.submit(() -> {
          for (int k = 0; k < 150; k++) {
            assertArrayEquals(want, SymmetricEigenvalues.of(m), 0.0);
          }
          return null;
        });
      }
      for (Future<?> w : workers) {
        w.get();
      }
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }
}
