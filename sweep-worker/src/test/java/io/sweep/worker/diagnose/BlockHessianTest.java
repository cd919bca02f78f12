package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The block products and {@link BlockHessian} against their one-product-at-a-time oracles ({@link
 * TwiceDifferentiable#hessianVectorProduct}, {@link HessianEstimates}): the same numbers, for every
 * activation, with and without bias, at depth 1–3, k = 1 and 3 outputs, trained and frozen output,
 * to rounding: the block products of {@link TwoLayerMse} are matrix products whose sums run in
 * another order (exact parts to 1e-12 relative, the stochastic estimators, with the same random
 * streams, to 1e-9).
 */
class BlockHessianTest {

  /** One loss per shape: TwoLayerMse (depth 1, trained, k = 1) and NetworkMse for the others. */
  private static List<TwiceDifferentiable> losses() {
    List<TwiceDifferentiable> out = new ArrayList<>();
    long seed = 11;
    for (Activation a : Activation.values()) {
      for (boolean bias : new boolean[] {true, false}) {
        out.add(new TwoLayerMse(
            TestNets.random(a, bias, 7, 3, seed), TestNets.samples(23, 3, 1, seed)));
        for (int depth = 1; depth <= 3; depth++) {
          for (int k : new int[] {1, 3}) {
            for (boolean train : new boolean[] {true, false}) {
              NetworkParameters p = TestNets.deep(a, bias, train, depth, 5, 3, k, seed++);
              out.add(Diagnostics.loss(p, TestNets.samples(17, 3, k, seed)));
            }
          }
        }
      }
    }
    return out;
  }

  @Test
  void aBlockProductIsEachVectorsSingleProductToRounding() {
    SplittableRandom rng = new SplittableRandom(3);
    for (TwiceDifferentiable f : losses()) {
      int dim = f.dimension();
      for (int count : new int[] {1, 2, 9}) {
        double[] v = new double[dim * count];
        for (int i = 0; i < v.length; i++) {
          // some exact zeros, as in the unit vectors of the dense Hessian
          v[i] = rng.nextInt(4) == 0 ? 0 : rng.nextGaussian();
        }
        assertBlockIsEachSingleProduct(f, v, count);
      }
    }
  }

  @Test
  void aBlockTooLargeForOnePassIsComputedInSubBlocksWithTheSameProducts() {
    // tanh (no Jacobian route), n·m = 600,000: a block of 9 holds U in sub-blocks of 6 and 3.
    int n = 1200;
    int m = 500;
    assertTrue((long) n * m * 9 > TwoLayerMse.JACOBIAN_MAX_ENTRIES);
    TwoLayerMse f = new TwoLayerMse(
        TestNets.random(Activation.TANH, true, m, 2, 4), TestNets.samples(n, 2, 1, 4));
    int dim = f.dimension();
    int count = 9;
    SplittableRandom rng = new SplittableRandom(5);
    double[] v = new double[dim * count];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.nextGaussian();
    }
    assertBlockIsEachSingleProduct(f, v, count);
  }

  /** f's block product of the interleaved {@code v} is each vector's single product to rounding. */
  private static void assertBlockIsEachSingleProduct(TwiceDifferentiable f, double[] v, int count) {
    int dim = f.dimension();
    double[] block = new double[v.length];
    f.hessianVectorProducts(v, block, count);
    double[] one = new double[dim];
    double[] product = new double[dim];
    for (int b = 0; b < count; b++) {
      for (int i = 0; i < dim; i++) {
        one[i] = v[i * count + b];
      }
      f.hessianVectorProduct(one, product);
      double scale = 0;
      for (double x : product) {
        scale = Math.max(scale, Math.abs(x));
      }
      for (int i = 0; i < dim; i++) {
        // rounding of sums taken in another order: relative to the product's largest entry
        assertTrue(Math.abs(product[i] - block[i * count + b]) <= 1e-13 * scale,
            f.getClass().getSimpleName() + " entry " + i + " of vector " + b + ": "
                + product[i] + " vs " + block[i * count + b]);
      }
    }
  }

  @Test
  void blockHessianGivesTheOraclesSummariesOnBothPathsToRounding() {
    for (TwiceDifferentiable f : losses()) {
      for (int exactMax : new int[] {0, 10_000}) {
        String where = f.getClass().getSimpleName() + " P=" + f.dimension();
        HessianSummary oracle = HessianEstimates.summarise(f, exactMax, 7, 99);
        HessianSummary block = BlockHessian.summarise(f, exactMax, 7, 99);
        // exact parts to 1e-12, the estimators (same streams) to 1e-9
        double rel = exactMax > 0 ? 1e-12 : 1e-9;
        RecordsClose.assertClose(oracle, block, rel, where);
        RecordsClose.assertClose(HessianEstimates.trace(f, exactMax, 7, 5),
            BlockHessian.trace(f, exactMax, 7, 5), rel, where + " trace");
      }
    }
  }

  @Test
  void moreProbesThanABlockDrawTheSameStreamInTheSameOrder() {
    TwiceDifferentiable f = new TwoLayerMse(
        TestNets.random(Activation.TANH, true, 6, 4, 8), TestNets.samples(30, 4, 1, 8));
    int probes = BlockHessian.BLOCK * 2 + 3;
    RecordsClose.assertClose(HessianEstimates.estimated(f, probes, 42),
        BlockHessian.estimated(f, probes, 42), 1e-9, "estimated");
    double[][] a = HessianEstimates.dense(f);
    double[][] b = BlockHessian.dense(f);
    assertEquals(a.length, b.length);
    double scale = 0;
    for (double[] row : a) {
      for (double v : row) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        assertTrue(Math.abs(a[i][j] - b[i][j]) <= 1e-13 * scale, "H[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void aNonFiniteLossGivesNoneAsTheOracle() {
    NetworkParameters p = TestNets.random(Activation.RELU, true, 4, 2, 1);
    Samples s = TestNets.samples(5, 2, 1, 1);
    double[] y = s.y().clone();
    y[0] = Double.POSITIVE_INFINITY;
    TwiceDifferentiable f = new TwoLayerMse(p, new Samples(s.n(), s.d(), 1, s.x(), y));
    assertEquals(HessianSummary.none(), BlockHessian.summarise(f, 100, 4, 1));
    assertEquals(Double.NaN, BlockHessian.trace(f, 100, 4, 1));
  }
}
