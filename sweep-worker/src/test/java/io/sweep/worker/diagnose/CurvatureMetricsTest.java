package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.Phase;
import io.sweep.worker.spec.Sampling;
import io.sweep.worker.spec.TrainSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * μ_alignment, ms_stability_radius and wu_bound_ratio against dense brute force: per-sample
 * Hessians from the output Jacobians, the P² × P² second-moment operator from an enumeration of
 * every batch, μ from dense P × P matrices and from Wu, Wang &amp; Su's own ratio.
 */
class CurvatureMetricsTest {

  /** tanh, m = 2, d = 2, no bias, trained output: P = 6. */
  private static NetworkParameters tiny(long seed) {
    return TestNets.random(Activation.TANH, false, 2, 2, seed);
  }

  /** The same inputs labelled by {@code p} itself: a zero-loss point. */
  private static Samples fitted(NetworkParameters p, Samples s) {
    double[] y = new double[s.n() * s.k()];
    for (int i = 0; i < s.n(); i++) {
      double[] f = p.outputs(s.x(), i * s.d());
      System.arraycopy(f, 0, y, i * s.k(), s.k());
    }
    return new Samples(s.n(), s.d(), s.k(), s.x(), y);
  }

  /** hᵢ = (2/k) JᵢᵀJᵢ, dense P × P, one per sample. */
  private static double[][][] perSample(NetworkParameters p, Samples s) {
    NetworkMse loss = new NetworkMse(p, s);
    int dim = p.count();
    double[][][] h = new double[s.n()][dim][dim];
    for (int i = 0; i < s.n(); i++) {
      double[][] j = loss.outputJacobian(i);
      for (double[] row : j) {
        for (int a = 0; a < dim; a++) {
          for (int b = 0; b < dim; b++) {
            h[i][a][b] += 2.0 / s.k() * row[a] * row[b];
          }
        }
      }
    }
    return h;
  }

  private static double[][] mean(double[][][] h, int[] batch) {
    int dim = h[0].length;
    double[][] out = new double[dim][dim];
    for (int i : batch) {
      for (int a = 0; a < dim; a++) {
        for (int b = 0; b < dim; b++) {
          out[a][b] += h[i][a][b] / batch.length;
        }
      }
    }
    return out;
  }

  private static double[][] product(double[][] x, double[][] y) {
    int n = x.length;
    double[][] out = new double[n][n];
    for (int a = 0; a < n; a++) {
      for (int c = 0; c < n; c++) {
        for (int b = 0; b < n; b++) {
          out[a][b] += x[a][c] * y[c][b];
        }
      }
    }
    return out;
  }

  /** Every batch with its probability: n^B ordered draws with replacement, else B-subsets. */
  private static List<int[]> batches(int n, int b, boolean replacement) {
    List<int[]> out = new ArrayList<>();
    collect(n, b, replacement, new int[b], 0, 0, out);
    return out;
  }

  private static void collect(int n, int b, boolean replacement, int[] prefix, int depth,
      int from, List<int[]> out) {
    if (depth == b) {
      out.add(prefix.clone());
      return;
    }
    for (int i = replacement ? 0 : from; i < n; i++) {
      prefix[depth] = i;
      collect(n, b, replacement, prefix, depth + 1, i + 1, out);
    }
  }

  /** E[A_B ⊗ A_B], A_B = I − ηH_B, over every batch: the P² × P² matrix of T. */
  private static double[][] denseOperator(double[][][] h, double lr, int b, boolean replacement) {
    int dim = h[0].length;
    List<int[]> all = batches(h.length, b, replacement);
    double[][] t = new double[dim * dim][dim * dim];
    for (int[] batch : all) {
      double[][] hb = mean(h, batch);
      double[][] a = new double[dim][dim];
      for (int x = 0; x < dim; x++) {
        for (int y = 0; y < dim; y++) {
          a[x][y] = (x == y ? 1 : 0) - lr * hb[x][y];
        }
      }
      for (int x = 0; x < dim; x++) {
        for (int y = 0; y < dim; y++) {
          for (int u = 0; u < dim; u++) {
            for (int v = 0; v < dim; v++) {
              t[x * dim + y][u * dim + v] += a[x][u] * a[y][v] / all.size();
            }
          }
        }
      }
    }
    return t;
  }

  private static double spectralRadius(double[][] symmetric) {
    double[] w = SymmetricEigenvalues.of(symmetric);
    return Math.max(Math.abs(w[0]), Math.abs(w[w.length - 1]));
  }

  private static double noise(int b, int n, boolean replacement) {
    return CurvatureMetrics.noise(b, n,
        replacement ? Sampling.WITH_REPLACEMENT : Sampling.WITHOUT_REPLACEMENT);
  }

  @Test
  void outputJacobiansRebuildTheGradient() {
    NetworkParameters p = TestNets.deep(Activation.TANH, true, true, 2, 3, 2, 2, 5);
    Samples s = TestNets.samples(4, 2, 2, 6);
    NetworkMse loss = new NetworkMse(p, s);
    double[] g = new double[p.count()];
    for (int i = 0; i < s.n(); i++) {
      double[] f = p.outputs(s.x(), i * s.d());
      double[][] j = loss.outputJacobian(i);
      for (int o = 0; o < s.k(); o++) {
        double r = f[o] - s.y()[i * s.k() + o];
        for (int q = 0; q < g.length; q++) {
          g[q] += 2.0 / (s.n() * s.k()) * r * j[o][q];
        }
      }
    }
    double[] exact = loss.gradient();
    for (int q = 0; q < g.length; q++) {
      assertEquals(exact[q], g[q], 1e-13, "component " + q);
    }
  }

  @Test
  void gaussNewtonHessianIsTheHessianAtAZeroLossMinimum() {
    NetworkParameters p = TestNets.deep(Activation.TANH, true, true, 2, 3, 2, 2, 7);
    Samples s = fitted(p, TestNets.samples(5, 2, 2, 8));
    double[] exact = SymmetricEigenvalues.of(HessianEstimates.dense(new NetworkMse(p, s)));
    SampleCurvature c = SampleCurvature.of(p, s);
    double[] reduced = c.eigenvalues();
    assertEquals(s.n() * s.k(), c.rank(), "rank n·k < P");
    for (int q = 0; q < reduced.length; q++) {
      assertEquals(exact[exact.length - 1 - q], reduced[q], 1e-10 * exact[exact.length - 1]);
    }
    for (int q = reduced.length; q < exact.length; q++) {
      assertEquals(0, exact[exact.length - 1 - q], 1e-10 * exact[exact.length - 1]);
    }
  }

  @Test
  void stabilityRadiusIsTheDenseOperatorsWhenHHasFullRank() {
    NetworkParameters p = tiny(11);
    Samples s = fitted(p, TestNets.samples(8, 2, 12)); // n = 8 ≥ P = 6: range(H) is everything
    double[][][] h = perSample(p, s);
    SampleCurvature c = SampleCurvature.of(p, s);
    assertEquals(6, c.rank());
    double top = c.eigenvalues()[0];
    for (boolean replacement : new boolean[] {true, false}) {
      for (int b : new int[] {1, 2, 8}) {
        if (replacement && b == 8) {
          continue; // 8⁸ batches: the formula is checked at B = 1, 2
        }
        for (double lr : new double[] {0.3 / top, 1.5 / top, 2.2 / top}) {
          double dense = spectralRadius(denseOperator(h, lr, b, replacement));
          double fast = new SecondMomentMap(c, lr, noise(b, 8, replacement)).spectralRadius();
          assertEquals(dense, fast, 1e-9 * dense,
              "B = " + b + ", replacement " + replacement + ", ηλmax = " + lr * top);
        }
      }
    }
  }

  @Test
  void stabilityRadiusWithTwoOutputsIsTheDenseOperators() {
    NetworkParameters p = TestNets.deep(Activation.TANH, false, true, 1, 2, 2, 2, 41); // P = 8
    for (int n : new int[] {3, 12}) { // n·3 columns of S against N = r(r+1)/2: both code paths
      Samples s = fitted(p, TestNets.samples(n, 2, 2, 42));
      double[][][] h = perSample(p, s);
      SampleCurvature c = SampleCurvature.of(p, s);
      double top = c.eigenvalues()[0];
      for (double lr : new double[] {0.7 / top, 2.1 / top}) {
        for (boolean replacement : new boolean[] {true, false}) {
          int b = replacement ? 1 : 2;
          double dense = spectralRadius(denseOperator(h, lr, b, replacement));
          double fast = new SecondMomentMap(c, lr, noise(b, n, replacement)).spectralRadius();
          assertEquals(c.rank() < p.count() ? Math.max(1, fast) : fast, dense, 1e-9 * dense,
              "n = " + n + ", B = " + b + ", ηλmax = " + lr * top);
        }
      }
    }
  }

  @Test
  void singularHessianLeavesTheEigenvalueOneOutsideItsRange() {
    NetworkParameters p = tiny(13);
    Samples s = fitted(p, TestNets.samples(3, 2, 14)); // rank 3 < P = 6
    double[][][] h = perSample(p, s);
    SampleCurvature c = SampleCurvature.of(p, s);
    assertEquals(3, c.rank());
    double top = c.eigenvalues()[0];
    for (double lr : new double[] {0.5 / top, 2.5 / top}) {
      double[][] t = denseOperator(h, lr, 1, true);
      double rho = new SecondMomentMap(c, lr, 1.0).spectralRadius();
      assertEquals(Math.max(1, rho), spectralRadius(t), 1e-9, "ηλmax = " + lr * top);
      // the growth rate of tr T^t(H), H inside range(H), is ρ on range(H) alone
      int dim = p.count();
      double[][] hm = mean(h, new int[] {0, 1, 2});
      double[] sigma = new double[dim * dim];
      for (int a = 0; a < dim; a++) {
        for (int b = 0; b < dim; b++) {
          sigma[a * dim + b] = hm[a][b];
        }
      }
      double rate = Double.NaN;
      for (int it = 0; it < 3000; it++) {
        double[] next = new double[dim * dim];
        double norm = 0;
        for (int x = 0; x < next.length; x++) {
          for (int y = 0; y < next.length; y++) {
            next[x] += t[x][y] * sigma[y];
          }
          norm += next[x] * next[x];
        }
        double before = 0;
        for (double v : sigma) {
          before += v * v;
        }
        rate = Math.sqrt(norm / before);
        for (int x = 0; x < next.length; x++) {
          sigma[x] = next[x] / Math.sqrt(norm);
        }
      }
      assertEquals(rho, rate, 1e-6 * rho, "ηλmax = " + lr * top);
    }
  }

  @Test
  void alignmentFactorIsTheSmallestGeneralisedEigenvalueAndWuSRatioAttainsIt() {
    NetworkParameters p = TestNets.deep(Activation.TANH, false, true, 1, 3, 2, 1, 21);
    Samples s = fitted(p, TestNets.samples(5, 2, 22)); // P = 9, rank 5
    double[][][] h = perSample(p, s);
    int dim = p.count();
    int n = s.n();
    double[][] hm = mean(h, new int[] {0, 1, 2, 3, 4});
    double[][] m = new double[dim][dim];
    for (int i = 0; i < n; i++) {
      double[][] hih = product(product(h[i], hm), h[i]);
      for (int a = 0; a < dim; a++) {
        for (int b = 0; b < dim; b++) {
          m[a][b] += hih[a][b] / n;
        }
      }
    }
    double[][] h3 = product(product(hm, hm), hm);
    double frob2 = 0;
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b < dim; b++) {
        m[a][b] -= h3[a][b]; // M = (1/n) Σ hᵢHhᵢ − H³
        frob2 += hm[a][b] * hm[a][b];
      }
    }
    SymmetricEigenvalues.Decomposition eig = SymmetricEigenvalues.decompose(hm);
    List<double[]> range = new ArrayList<>();
    List<Double> lambda = new ArrayList<>();
    double top = eig.values()[dim - 1];
    for (int q = 0; q < dim; q++) {
      if (eig.values()[q] > 1e-10 * top) {
        range.add(eig.vectors()[q]);
        lambda.add(eig.values()[q]);
      }
    }
    int r = range.size();
    assertEquals(5, r);
    double[][] c = new double[r][r];
    for (int x = 0; x < r; x++) {
      for (int y = 0; y < r; y++) {
        double v = 0;
        for (int a = 0; a < dim; a++) {
          for (int b = 0; b < dim; b++) {
            v += range.get(x)[a] * m[a][b] * range.get(y)[b];
          }
        }
        c[x][y] = v / Math.sqrt(lambda.get(x) * lambda.get(y));
      }
    }
    SymmetricEigenvalues.Decomposition ce = SymmetricEigenvalues.decompose(c);
    double dense = ce.values()[0] / frob2;
    double fast = SampleCurvature.of(p, s).alignmentFactor();
    assertEquals(dense, fast, 1e-9 * dense);
    assertTrue(fast > 0, "μ > 0: " + fast);

    // Wu, Wang & Su's μ(θ* + δ) = Tr(Σ(δ)H) / (2L(δ)‖H‖F²) of the linearised model, where a
    // sample's gradient is hᵢδ (the engine's loss, no ½: 2L = δᵀHδ): ≥ μ_min, attained at δ* =
    // Q Λ^{-1/2} v_min.
    double[] best = new double[dim];
    for (int x = 0; x < r; x++) {
      for (int a = 0; a < dim; a++) {
        best[a] += range.get(x)[a] * ce.vectors()[0][x] / Math.sqrt(lambda.get(x));
      }
    }
    assertEquals(dense, wuRatio(h, hm, best, frob2), 1e-9 * dense);
    SplittableRandom rng = new SplittableRandom(3);
    for (int trial = 0; trial < 50; trial++) {
      double[] delta = new double[dim];
      for (int x = 0; x < r; x++) {
        double z = rng.nextGaussian();
        for (int a = 0; a < dim; a++) {
          delta[a] += z * range.get(x)[a];
        }
      }
      assertTrue(wuRatio(h, hm, delta, frob2) >= dense * (1 - 1e-9));
    }
  }

  /** Tr(Σ H) / (δᵀHδ ‖H‖F²), Σ = (1/n) Σᵢ gᵢgᵢᵀ − ḡḡᵀ with gᵢ = hᵢδ. */
  private static double wuRatio(double[][][] h, double[][] hm, double[] delta, double frob2) {
    int n = h.length;
    int dim = delta.length;
    double[][] g = new double[n][dim];
    double[] gbar = new double[dim];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < dim; a++) {
        for (int b = 0; b < dim; b++) {
          g[i][a] += h[i][a][b] * delta[b];
        }
        gbar[a] += g[i][a] / n;
      }
    }
    double trace = 0;
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b < dim; b++) {
        double cov = -gbar[a] * gbar[b];
        for (int i = 0; i < n; i++) {
          cov += g[i][a] * g[i][b] / n;
        }
        trace += cov * hm[b][a];
      }
    }
    double quad = 0;
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b < dim; b++) {
        quad += delta[a] * hm[a][b] * delta[b];
      }
    }
    return trace / (quad * frob2);
  }

  @Test
  void stableMinimaSatisfyWuSBound() {
    SplittableRandom rng = new SplittableRandom(99);
    int stable = 0;
    int unstable = 0;
    for (int trial = 0; trial < 60; trial++) {
      int m = 2 + rng.nextInt(4);
      int d = 1 + rng.nextInt(4);
      int n = 2 + rng.nextInt(10);
      NetworkParameters p = TestNets.random(Activation.TANH, rng.nextBoolean(), m, d, trial);
      Samples s = fitted(p, TestNets.samples(n, d, 100 + trial));
      SampleCurvature c = SampleCurvature.of(p, s);
      double mu = c.alignmentFactor();
      int b = 1 + rng.nextInt(n);
      boolean replacement = rng.nextBoolean();
      double noise = noise(b, n, replacement);
      double lr = rng.nextDouble() * 3 / c.eigenvalues()[0];
      double rho = new SecondMomentMap(c, lr, noise).spectralRadius();
      double ratio = lr * c.frobenius() * Math.sqrt(mu * noise);
      assertTrue(ratio * ratio <= rho * (1 + 1e-9),
          "ratio² " + ratio * ratio + " ≤ ρ " + rho + " (trial " + trial + ")");
      if (rho <= 1) {
        stable++;
        assertTrue(ratio <= 1, "mean-square stable ⇒ the bound holds, trial " + trial);
      } else {
        unstable++;
      }
    }
    assertTrue(stable >= 10 && unstable >= 10, "both sides sampled: " + stable + ", " + unstable);
  }

  @Test
  void metricsUseTheLastStretchAndAreNullAboveTheBoundOrWithMomentum() {
    NetworkParameters p = tiny(31);
    Samples s = fitted(p, TestNets.samples(8, 2, 32));
    SampleCurvature c = SampleCurvature.of(p, s);
    TrainSpec train = new TrainSpec(0.01, 2, 0, 100, 10, 10).withSchedule(
        Sampling.WITH_REPLACEMENT, List.of(new Phase(50, 0.5, 4, null, null)));
    CurvatureMetrics metrics = CurvatureMetrics.of(p, s, train, 6);
    double rho = new SecondMomentMap(c, 0.5, 0.25).spectralRadius();
    assertEquals(rho, metrics.msStabilityRadius(), 1e-12 * rho);
    assertEquals(c.alignmentFactor(), metrics.muAlignment(), 0);
    assertEquals(0.5 * c.frobenius() * Math.sqrt(c.alignmentFactor() / 4),
        metrics.wuBoundRatio(), 1e-12);
    assertTrue(Double.isNaN(metrics.traceRatio()), "tanh with a trained output: no trace ratio");

    CurvatureMetrics above = CurvatureMetrics.of(p, s, train, 5);
    assertTrue(Double.isNaN(above.muAlignment()) && Double.isNaN(above.msStabilityRadius())
        && Double.isNaN(above.wuBoundRatio()));
    CurvatureMetrics momentum = CurvatureMetrics.of(p, s, train.withOptimiser(0.9, 0), 6);
    assertEquals(c.alignmentFactor(), momentum.muAlignment(), 0);
    assertTrue(Double.isNaN(momentum.msStabilityRadius()) && Double.isNaN(momentum.wuBoundRatio()));
    CurvatureMetrics fullBatch = CurvatureMetrics.of(p, s,
        new TrainSpec(0.5, 8, 0, 100, 10, 10), 6); // without replacement at B = n: no noise
    assertTrue(Double.isNaN(fullBatch.wuBoundRatio()));
    assertEquals(new SecondMomentMap(c, 0.5, 0).spectralRadius(), fullBatch.msStabilityRadius(), 0);
  }
}
