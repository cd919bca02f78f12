package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;

class LeastSquaresTest {

  /** Gaussian inputs with labels x·β + β₀ exactly. */
  private static Samples linear(int n, double[] beta, double intercept, long seed) {
    int d = beta.length;
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = intercept;
      for (int k = 0; k < d; k++) {
        x[i * d + k] = rng.nextGaussian();
        y[i] += beta[k] * x[i * d + k];
      }
    }
    return new Samples(n, d, x, y);
  }

  @Test
  void recoversTheCoefficientsOfNoiselessDataWithMoreSamplesThanDimensions() {
    double[] beta = {0.5, -2, 1.25, 0};
    LeastSquares fit = LeastSquares.fit(linear(30, beta, 0.75, 1));
    assertArrayEquals(beta, fit.coefficients(), 1e-12);
    assertEquals(0.75, fit.intercept(), 1e-12);
    assertEquals(5, fit.rank());
  }

  @Test
  void withFewerSamplesThanDimensionsItIsTheMinimumNormInterpolant() {
    int n = 6;
    int d = 10;
    SplittableRandom rng = new SplittableRandom(3);
    double[] beta = new double[d];
    for (int k = 0; k < d; k++) {
      beta[k] = rng.nextGaussian();
    }
    Samples s = linear(n, beta, 0.3, 4);
    LeastSquares fit = LeastSquares.fit(s);

    // The oracle by another route: θ = Aᵀ (AAᵀ)⁻¹ y for A = [X | 1] of full row rank.
    double[][] a = new double[n][d + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(s.x(), i * d, a[i], 0, d);
      a[i][d] = 1;
    }
    RealMatrix am = new Array2DRowRealMatrix(a);
    RealVector lambda =
        new LUDecomposition(am.multiply(am.transpose())).getSolver()
            .solve(new ArrayRealVector(s.y()));
    double[] theta = am.transpose().operate(lambda).toArray();

    assertArrayEquals(java.util.Arrays.copyOf(theta, d), fit.coefficients(), 1e-10);
    assertEquals(theta[d], fit.intercept(), 1e-10);
    assertEquals(n, fit.rank());
    for (int i = 0; i < n; i++) {
      assertEquals(s.y()[i], fit.predict(s.x(), i * d), 1e-10, "interpolates sample " + i);
    }
  }

  @Test
  void aSingleSampleInOneDimensionSplitsTheLabelBetweenSlopeAndIntercept() {
    // A = [2 | 1], y = 5: the minimum-norm solution is (2, 1) · 5 / 5 = (2, 1).
    LeastSquares fit = LeastSquares.fit(new Samples(1, 1, new double[] {2}, new double[] {5}));
    assertArrayEquals(new double[] {2}, fit.coefficients(), 1e-12);
    assertEquals(1.0, fit.intercept(), 1e-12);
  }

  @Test
  void aLinearNetworkEqualToTheFitIsAtDistanceZeroAndAShiftedOneAtTheShiftSquared() {
    Samples train = TestNets.samples(40, 3, 5);
    Samples test = TestNets.samples(100, 3, 6);
    LeastSquares fit = LeastSquares.fit(train);
    double[] b = fit.coefficients();
    // f(x) = 0.5 (w₀·x) + 2 (w₁·x) + c with w₀ = β̂, w₁ = β̂/4: Σ aⱼwⱼ = β̂.
    double[] w = new double[6];
    for (int k = 0; k < 3; k++) {
      w[k] = b[k];
      w[3 + k] = b[k] / 4;
    }
    NetworkParameters same =
        new NetworkParameters(
            2, 3, Activation.LINEAR, true, w, new double[2], new double[] {0.5, 2},
            fit.intercept());
    NetworkParameters shifted =
        new NetworkParameters(
            2, 3, Activation.LINEAR, true, w, new double[2], new double[] {0.5, 2},
            fit.intercept() + 0.1);

    assertEquals(0.0, LeastSquares.olsDistance(same, test, fit), 1e-24);
    assertEquals(0.01, LeastSquares.olsDistance(shifted, test, fit), 1e-12);
  }

  @Test
  void theDistanceIsTheMeanSquaredGapOverTheTestInputs() {
    Samples train = TestNets.samples(30, 2, 1);
    Samples test = TestNets.samples(7, 2, 2);
    LeastSquares fit = LeastSquares.fit(train);
    NetworkParameters p = TestNets.random(Activation.TANH, true, 3, 2, 3);
    double ss = 0;
    for (int i = 0; i < 7; i++) {
      double gap = p.output(test.x(), 2 * i) - fit.predict(test.x(), 2 * i);
      ss += gap * gap;
    }
    assertEquals(ss / 7, LeastSquares.olsDistance(p, test, fit), 1e-15);
  }
}
