package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

class HessianEstimatesTest {

  /** λmax, trace, ‖H‖F of a dense matrix, by the textbook formulas. */
  private static double[] summary(double[][] h) {
    double max = Double.NEGATIVE_INFINITY;
    for (double e : new EigenDecomposition(new Array2DRowRealMatrix(h)).getRealEigenvalues()) {
      max = Math.max(max, e);
    }
    double trace = 0;
    double ss = 0;
    for (int i = 0; i < h.length; i++) {
      trace += h[i][i];
      for (double v : h[i]) {
        ss += v * v;
      }
    }
    return new double[] {max, trace, Math.sqrt(ss)};
  }

  /** FD-symmetrised copy (finite differences are not exactly symmetric). */
  private static double[][] symmetrised(double[][] h) {
    double[][] s = new double[h.length][h.length];
    for (int i = 0; i < h.length; i++) {
      for (int j = 0; j < h.length; j++) {
        s[i][j] = (h[i][j] + h[j][i]) / 2;
      }
    }
    return s;
  }

  /** Small random networks of every activation, with and without bias, on noisy data. */
  private static List<TwoLayerMse> smallNetworks() {
    List<TwoLayerMse> list = new ArrayList<>();
    for (Activation activation : Activation.values()) {
      for (boolean bias : new boolean[] {false, true}) {
        for (long seed = 0; seed < 2; seed++) {
          int m = 5 + (int) seed;
          list.add(
              new TwoLayerMse(
                  TestNets.random(activation, bias, m, 4, 31 * seed + activation.ordinal()),
                  TestNets.samples(40, 4, 7 + seed)));
        }
      }
    }
    return list;
  }

  private static String describe(TwoLayerMse f) {
    NetworkParameters p = f.parameters();
    return p.activation() + " bias=" + p.bias() + " m=" + p.width();
  }

  @Test
  void theExactPathAgreesWithAFiniteDifferenceHessian() {
    for (TwoLayerMse f : smallNetworks()) {
      double[] oracle = summary(symmetrised(TwoLayerMseTest.finiteDifferenceHessian(f, 1e-5)));
      HessianSummary exact = HessianEstimates.exact(f);

      assertEquals(HessianSummary.EXACT, exact.method());
      assertEquals(f.dimension(), exact.hvps());
      assertEquals(0.0, exact.traceStdError());
      assertEquals(0.0, exact.frobeniusStdError());
      assertTrue(TestNets.relativeError(exact.maxEigenvalue(), oracle[0]) <= 1e-3, describe(f));
      assertTrue(TestNets.relativeError(exact.trace(), oracle[1]) <= 1e-3, describe(f));
      assertTrue(TestNets.relativeError(exact.frobenius(), oracle[2]) <= 1e-3, describe(f));
    }
  }

  @Test
  void lanczosFindsLambdaMaxOfTheFiniteDifferenceHessianToOnePartInAThousand() {
    for (TwoLayerMse f : smallNetworks()) {
      double oracle = summary(symmetrised(TwoLayerMseTest.finiteDifferenceHessian(f, 1e-5)))[0];
      Lanczos.Result r = Lanczos.maxEigenvalue(f, Lanczos.TOLERANCE, 200, 5);

      assertTrue(r.converged(), describe(f));
      // Stopped by the residual test, not by exhausting the space (where it would be exact).
      assertTrue(r.iterations() < f.dimension(), describe(f) + ": " + r);
      assertTrue(
          TestNets.relativeError(r.maxEigenvalue(), oracle) <= 1e-3,
          describe(f) + ": " + r + " vs " + oracle);
    }
  }

  @Test
  void lanczosFindsTheLargestAlgebraicEigenvalueNotTheLargestMagnitude() {
    double[] eigenvalues = new double[60];
    for (int i = 0; i < eigenvalues.length; i++) {
      eigenvalues[i] = -1 + 2.0 * i / eigenvalues.length; // in [−1, 1)
    }
    eigenvalues[0] = -10;
    eigenvalues[1] = 3;
    Lanczos.Result r = Lanczos.maxEigenvalue(new Quadratic(eigenvalues, 4), 1e-3, 200, 9);

    assertTrue(r.converged());
    assertEquals(3.0, r.maxEigenvalue(), 3e-3);
    assertTrue(r.iterations() < 60, "iterations " + r.iterations());
  }

  @Test
  void lanczosIsExactWhenItRunsThroughTheWholeSpace() {
    double[] eigenvalues = {-2, 0.5, 1, 1.5, 1.5001};
    Lanczos.Result r = Lanczos.maxEigenvalue(new Quadratic(eigenvalues, 1), 1e-12, 100, 3);
    assertEquals(1.5001, r.maxEigenvalue(), 1e-10);
    assertTrue(r.iterations() <= 5);
  }

  @Test
  void hutchinsonTraceAndFrobeniusAreWithinThreeStandardErrorsOfTheExactValues() {
    for (TwoLayerMse f : smallNetworks()) {
      HessianSummary exact = HessianEstimates.exact(f);
      HessianSummary est = HessianEstimates.estimated(f, 300, 17);

      assertEquals(HessianSummary.ESTIMATED, est.method());
      assertTrue(est.traceStdError() > 0 && est.frobeniusStdError() > 0, describe(f));
      // The standard errors are small enough for the comparison to mean something.
      assertTrue(est.traceStdError() < 0.2 * exact.frobenius(), describe(f));
      assertTrue(est.frobeniusStdError() < 0.1 * exact.frobenius(), describe(f));
      assertEquals(exact.trace(), est.trace(), 3 * est.traceStdError(), describe(f) + " trace");
      assertEquals(
          exact.frobenius(), est.frobenius(), 3 * est.frobeniusStdError(), describe(f) + " F");
      assertTrue(TestNets.relativeError(est.maxEigenvalue(), exact.maxEigenvalue()) <= 1e-3);
    }
  }

  @Test
  void hutchinsonOnAKnownSpectrum() {
    double[] eigenvalues = new double[80];
    double trace = 0;
    double ss = 0;
    for (int i = 0; i < eigenvalues.length; i++) {
      eigenvalues[i] = Math.pow(0.9, i) * (i % 7 == 3 ? -1 : 1);
      trace += eigenvalues[i];
      ss += eigenvalues[i] * eigenvalues[i];
    }
    HessianSummary est = HessianEstimates.estimated(new Quadratic(eigenvalues, 2), 200, 3);
    assertEquals(trace, est.trace(), 3 * est.traceStdError());
    assertEquals(Math.sqrt(ss), est.frobenius(), 3 * est.frobeniusStdError());
    assertEquals(1.0, est.maxEigenvalue(), 1e-3);
    HessianSummary exact = HessianEstimates.exact(new Quadratic(eigenvalues, 2));
    assertEquals(trace, exact.trace(), 1e-12);
    assertEquals(Math.sqrt(ss), exact.frobenius(), 1e-12);
    assertEquals(1.0, exact.maxEigenvalue(), 1e-12);
  }

  @Test
  void theLinearModelsHessianIsTwoXTransposeXOverN() {
    Samples s = TestNets.samples(50, 3, 4);
    double[][] h = HessianEstimates.dense(new LinearMse(s, true, new double[] {1, 2, 3, 4}));
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        double expected = 0;
        for (int r = 0; r < 50; r++) {
          double xi = i < 3 ? s.x()[r * 3 + i] : 1;
          double xj = j < 3 ? s.x()[r * 3 + j] : 1;
          expected += xi * xj;
        }
        assertEquals(2 * expected / 50, h[i][j], 1e-12, "entry " + i + "," + j);
      }
    }
  }

  @Test
  void theLinearModelsGradientMatchesFiniteDifferences() {
    Samples s = TestNets.samples(20, 2, 6);
    double[] theta = {0.5, -1, 0.25};
    LinearMse f = new LinearMse(s, true, theta);
    double[] g = f.gradient();
    for (int j = 0; j < 3; j++) {
      double[] plus = theta.clone();
      double[] minus = theta.clone();
      plus[j] += 1e-6;
      minus[j] -= 1e-6;
      assertEquals((f.at(plus).value() - f.at(minus).value()) / 2e-6, g[j], 1e-7);
    }
  }

  /**
   * Full-batch GD on a quadratic converges at η = 0.98 · 2/λmax and diverges at 1.02 · 2/λmax:
   * stability_ratio = ηλmax/2 straddles 1 exactly where SCIENCE.md says.
   */
  @Test
  void gradientDescentIsStableJustBelowTwoOverLambdaMaxAndUnstableJustAbove() {
    Samples s = TestNets.samples(200, 5, 12);
    LinearMse start = new LinearMse(s, true, new double[6]);
    double lambda = HessianEstimates.exact(start).maxEigenvalue();
    double minimum = new LinearMse(s, true, fitted(s)).value();

    double[] losses = new double[2];
    double[] ratios = {0.98, 1.02};
    for (int run = 0; run < 2; run++) {
      double lr = ratios[run] * 2 / lambda;
      LinearMse f = start;
      for (int step = 0; step < 3000 && Double.isFinite(f.value()); step++) {
        double[] theta = f.theta();
        double[] g = f.gradient();
        for (int k = 0; k < theta.length; k++) {
          theta[k] -= lr * g[k];
        }
        f = f.at(theta);
      }
      losses[run] = f.value();
      assertEquals(ratios[run], lr * lambda / 2, 1e-12);
    }
    assertEquals(minimum, losses[0], 1e-9 * minimum, "stable run reaches the minimum");
    assertTrue(!(losses[1] < 1e20), "unstable run diverges: " + losses[1]);
  }

  private static double[] fitted(Samples s) {
    LeastSquares fit = LeastSquares.fit(s);
    double[] theta = java.util.Arrays.copyOf(fit.coefficients(), s.d() + 1);
    theta[s.d()] = fit.intercept();
    return theta;
  }

  @Test
  void summarisePicksTheExactPathUpToTheThresholdAndCountsProducts() {
    TwoLayerMse f =
        new TwoLayerMse(
            TestNets.random(Activation.TANH, false, 4, 3, 2), TestNets.samples(30, 3, 3));
    int dim = f.dimension();

    HessianSummary exact = HessianEstimates.summarise(f, dim, 10, 1);
    HessianSummary estimated = HessianEstimates.summarise(f, dim - 1, 10, 1);

    assertEquals(HessianSummary.EXACT, exact.method());
    assertEquals(dim, exact.hvps());
    assertEquals(HessianSummary.ESTIMATED, estimated.method());
    Lanczos.Result lanczos =
        Lanczos.maxEigenvalue(f, Lanczos.TOLERANCE, Lanczos.MAX_ITERATIONS, 1);
    assertEquals(lanczos.iterations() + 10, estimated.hvps());
    assertEquals(lanczos.maxEigenvalue(), estimated.maxEigenvalue());
  }

  @Test
  void estimatesAreDeterministicInTheSeedAndDependOnIt() {
    TwoLayerMse f =
        new TwoLayerMse(
            TestNets.random(Activation.RELU, true, 6, 3, 8), TestNets.samples(30, 3, 9));
    assertEquals(HessianEstimates.estimated(f, 8, 42), HessianEstimates.estimated(f, 8, 42));
    assertTrue(
        HessianEstimates.estimated(f, 8, 42).trace()
            != HessianEstimates.estimated(f, 8, 43).trace());
  }

  @Test
  void aNonFiniteLossGivesTheEmptySummary() {
    NetworkParameters p = TestNets.random(Activation.RELU, false, 3, 2, 1);
    p.a()[1] = Double.NaN;
    TwoLayerMse f = new TwoLayerMse(p, TestNets.samples(10, 2, 1));
    assertEquals(HessianSummary.none(), HessianEstimates.summarise(f, 100, 4, 1));
    assertEquals(HessianSummary.none(), HessianEstimates.summarise(f, 0, 4, 1));
  }
}
