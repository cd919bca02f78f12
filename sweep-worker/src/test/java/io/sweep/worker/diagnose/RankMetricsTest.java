package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class RankMetricsTest {

  /** An n × r matrix with orthonormal columns (Q of a Gaussian matrix). */
  private static RealMatrix orthonormal(int n, int r, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] g = new double[n][r];
    for (double[] row : g) {
      for (int k = 0; k < r; k++) {
        row[k] = rng.nextGaussian();
      }
    }
    return new QRDecomposition(new Array2DRowRealMatrix(g)).getQ().getSubMatrix(0, n - 1, 0, r - 1);
  }

  /** W = U diag(s) Vᵀ, row-major m × d. */
  private static double[] withSingularValues(int m, int d, double[] s, long seed) {
    RealMatrix u = orthonormal(m, s.length, seed);
    RealMatrix v = orthonormal(d, s.length, seed + 1);
    RealMatrix w = u.multiply(MatrixUtils.createRealDiagonalMatrix(s)).multiply(v.transpose());
    double[] flat = new double[m * d];
    for (int j = 0; j < m; j++) {
      for (int k = 0; k < d; k++) {
        flat[j * d + k] = w.getEntry(j, k);
      }
    }
    return flat;
  }

  @Test
  void metricsOfAMatrixWithKnownSingularValues() {
    double[] s = {3, 2, 1, 0.5};
    RankMetrics r = RankMetrics.of(withSingularValues(7, 5, s, 11), 7, 5);

    double sumSquares = 9 + 4 + 1 + 0.25;
    double entropy = 0;
    for (double v : s) {
      entropy -= v / 6.5 * Math.log(v / 6.5);
    }
    assertEquals(sumSquares / 9, r.stableRank(), 1e-12);
    assertEquals(Math.exp(entropy), r.effectiveRank(), 1e-12);
    assertEquals(9 / sumSquares, r.topSingularFraction(), 1e-12);
  }

  @Test
  void wideMatricesWork() {
    double[] s = {2, 2};
    RankMetrics r = RankMetrics.of(withSingularValues(3, 8, s, 5), 3, 8);
    assertEquals(2.0, r.stableRank(), 1e-12);
    assertEquals(2.0, r.effectiveRank(), 1e-12);
    assertEquals(0.5, r.topSingularFraction(), 1e-12);
  }

  @Test
  void aRankOneMatrixScoresOneOnEveryMetric() {
    RankMetrics r = RankMetrics.of(withSingularValues(6, 4, new double[] {5}, 2), 6, 4);
    assertEquals(1.0, r.stableRank(), 1e-12);
    assertEquals(1.0, r.effectiveRank(), 1e-9);
    assertEquals(1.0, r.topSingularFraction(), 1e-12);
  }

  @Test
  void anOrthogonalMatrixHasFullRankOnEveryMetric() {
    double[] s = {1, 1, 1, 1};
    RankMetrics r = RankMetrics.of(withSingularValues(4, 4, s, 9), 4, 4);
    assertEquals(4.0, r.stableRank(), 1e-12);
    assertEquals(4.0, r.effectiveRank(), 1e-12);
    assertEquals(0.25, r.topSingularFraction(), 1e-12);
  }

  @Test
  void metricsDoNotDependOnScale() {
    double[] w = withSingularValues(5, 5, new double[] {4, 1, 0.1}, 3);
    double[] scaled = w.clone();
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] *= 1e-3;
    }
    RankMetrics a = RankMetrics.of(w, 5, 5);
    RankMetrics b = RankMetrics.of(scaled, 5, 5);
    assertEquals(a.stableRank(), b.stableRank(), 1e-12);
    assertEquals(a.effectiveRank(), b.effectiveRank(), 1e-12);
    assertEquals(a.topSingularFraction(), b.topSingularFraction(), 1e-12);
  }

  @Test
  void theZeroMatrixHasRankZeroAndNoTopFraction() {
    RankMetrics r = RankMetrics.of(new double[6], 2, 3);
    assertEquals(0.0, r.stableRank());
    assertEquals(0.0, r.effectiveRank());
    assertTrue(Double.isNaN(r.topSingularFraction()));
  }

  @Test
  void aNonFiniteEntryGivesNaN() {
    RankMetrics r = RankMetrics.of(new double[] {1, Double.POSITIVE_INFINITY}, 1, 2);
    assertEquals(new RankMetrics(Double.NaN, Double.NaN, Double.NaN), r);
  }

  @Test
  void theGramStableRankIsTheSvdsToRounding() {
    SplittableRandom rng = new SplittableRandom(3);
    int checked = 0;
    for (int[] shape : new int[][] {{64, 20}, {7, 5}, {5, 7}, {1, 4}, {4, 1}, {32, 32}, {3, 50}}) {
      int m = shape[0];
      int d = shape[1];
      for (int t = 0; t < 5; t++) {
        double[] w = new double[m * d];
        for (int i = 0; i < w.length; i++) {
          w[i] = rng.nextGaussian() * Math.pow(10, t - 2); // scales 1e-2 … 1e2
        }
        RecordsClose.assertClose(RankMetrics.of(w, m, d).stableRank(),
            RankMetrics.stableRank(w, m, d), 1e-12, m + " x " + d);
        checked++;
      }
    }
    double[] s = {3, 2, 1, 0.5};
    assertEquals((9 + 4 + 1 + 0.25) / 9, RankMetrics.stableRank(withSingularValues(7, 5, s, 11), 7,
        5), 1e-12);
    double[] huge = withSingularValues(6, 4, new double[] {1e300, 1e299}, 2);
    RecordsClose.assertClose(1.01, RankMetrics.stableRank(huge, 6, 4), 1e-12, "huge entries");
    assertEquals(0.0, RankMetrics.stableRank(new double[6], 2, 3));
    assertTrue(Double.isNaN(RankMetrics.stableRank(new double[] {1, Double.NaN}, 1, 2)));
    assertEquals(35, checked);
  }
}
