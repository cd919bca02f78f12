package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import org.junit.jupiter.api.Test;

class TwoLayerMseTest {

  /** Central differences of the gradient, column by column: a dense Hessian without HVPs. */
  static double[][] finiteDifferenceHessian(TwoLayerMse f, double h) {
    double[] theta = ParameterLayout.flatten(f.parameters());
    int dim = theta.length;
    double[][] hessian = new double[dim][dim];
    for (int j = 0; j < dim; j++) {
      double[] plus = theta.clone();
      double[] minus = theta.clone();
      plus[j] += h;
      minus[j] -= h;
      double[] gp = f.at(plus).gradient();
      double[] gm = f.at(minus).gradient();
      for (int i = 0; i < dim; i++) {
        hessian[i][j] = (gp[i] - gm[i]) / (2 * h);
      }
    }
    return hessian;
  }

  private static double maxAbs(double[][] m) {
    double max = 0;
    for (double[] row : m) {
      for (double v : row) {
        max = Math.max(max, Math.abs(v));
      }
    }
    return max;
  }

  @Test
  void valueIsTheMeanSquaredErrorOverTheWholeTrainingSetWithoutAHalf() {
    NetworkParameters p = TestNets.random(Activation.TANH, true, 4, 3, 1);
    Samples s = TestNets.samples(25, 3, 2);
    double ss = 0;
    for (int i = 0; i < s.n(); i++) {
      double r = p.output(s.x(), i * 3) - s.y()[i];
      ss += r * r;
    }
    assertEquals(ss / 25, new TwoLayerMse(p, s).value(), 1e-14);
  }

  @Test
  void gradientMatchesCentralFiniteDifferencesOfTheLoss() {
    double h = 1e-6;
    for (Activation activation : Activation.values()) {
      for (boolean bias : new boolean[] {false, true}) {
        TwoLayerMse f =
            new TwoLayerMse(
                TestNets.random(activation, bias, 5, 3, 10 + activation.ordinal()),
                TestNets.samples(30, 3, 20));
        double[] theta = ParameterLayout.flatten(f.parameters());
        double[] g = f.gradient();
        assertEquals(f.parameters().count(), g.length);
        for (int j = 0; j < theta.length; j++) {
          double[] plus = theta.clone();
          double[] minus = theta.clone();
          plus[j] += h;
          minus[j] -= h;
          double fd = (f.at(plus).value() - f.at(minus).value()) / (2 * h);
          assertEquals(fd, g[j], 1e-7, activation + " bias=" + bias + " parameter " + j);
        }
      }
    }
  }

  @Test
  void hessianVectorProductsMatchFiniteDifferencesOfTheGradientEntryByEntry() {
    for (Activation activation : Activation.values()) {
      for (boolean bias : new boolean[] {false, true}) {
        for (long seed = 0; seed < 2; seed++) {
          TwoLayerMse f =
              new TwoLayerMse(
                  TestNets.random(activation, bias, 4 + (int) seed, 3, 100 + seed),
                  TestNets.samples(24, 3, 200 + seed));
          double[][] exact = HessianEstimates.dense(f);
          double[][] fd = finiteDifferenceHessian(f, 1e-5);
          double scale = maxAbs(exact);
          assertTrue(scale > 0.1, "a Hessian worth testing: " + scale);
          for (int i = 0; i < exact.length; i++) {
            for (int j = 0; j < exact.length; j++) {
              assertEquals(
                  fd[i][j], exact[i][j], 1e-6 * scale,
                  activation + " bias=" + bias + " seed=" + seed + " entry " + i + "," + j);
            }
          }
        }
      }
    }
  }

  @Test
  void theResidualTermsAndTheCrossTermsOfReluAreNotZero() {
    // With σ'' = 0 the a–w block is all that makes the ReLU Hessian differ from Gauss–Newton JᵀJ.
    NetworkParameters p = TestNets.random(Activation.RELU, false, 2, 2, 4);
    TwoLayerMse f = new TwoLayerMse(p, TestNets.samples(20, 2, 5));
    double[][] h = HessianEstimates.dense(f);
    int a0 = ParameterLayout.outputOffset(p);
    double crossTerm = 0;
    for (int k = 0; k < 2; k++) {
      crossTerm += Math.abs(h[k][a0]);
    }
    assertTrue(crossTerm > 1e-3, "the w₀–a₀ block " + crossTerm);
  }

  @Test
  void aWidthOneLinearNetworkHasTheLossAndGradientOfTheLinearModel() {
    Samples s = TestNets.samples(30, 3, 8);
    double[] beta = {0.3, -0.7, 1.1};
    double intercept = 0.4;
    NetworkParameters p =
        new NetworkParameters(
            1, 3, Activation.LINEAR, true, beta.clone(), new double[] {intercept},
            new double[] {1}, 0);
    TwoLayerMse net = new TwoLayerMse(p, s);
    LinearMse linear = new LinearMse(s, true, new double[] {0.3, -0.7, 1.1, intercept});

    assertEquals(linear.value(), net.value(), 1e-14);
    double[] g = net.gradient();
    double[] gl = linear.gradient();
    // With a = 1: ∂L/∂w = ∂L/∂β and ∂L/∂b = ∂L/∂β₀, and ∂L/∂c = ∂L/∂β₀ too.
    assertArrayEquals(
        new double[] {gl[0], gl[1], gl[2], gl[3]}, java.util.Arrays.copyOf(g, 4), 1e-13);
    assertEquals(gl[3], g[ParameterLayout.outputBiasOffset(p)], 1e-13);
  }

  @Test
  void theParameterLayoutRoundTrips() {
    NetworkParameters p = TestNets.random(Activation.TANH, true, 3, 2, 6);
    double[] theta = ParameterLayout.flatten(p);
    assertEquals(3 * 2 + 3 + 3 + 1, theta.length);
    assertEquals(p.b()[1], theta[6 + 1]);
    assertEquals(p.a()[2], theta[9 + 2]);
    assertEquals(p.c(), theta[12]);
    NetworkParameters back = ParameterLayout.unflatten(p, theta);
    assertArrayEquals(p.w(), back.w(), 0.0);
    assertArrayEquals(p.b(), back.b(), 0.0);
    assertArrayEquals(p.a(), back.a(), 0.0);
    assertEquals(p.c(), back.c());

    NetworkParameters noBias = TestNets.random(Activation.RELU, false, 3, 2, 6);
    assertEquals(9, ParameterLayout.flatten(noBias).length);
    assertEquals(noBias.a()[0], ParameterLayout.flatten(noBias)[6]);
  }

  @Test
  void dataOfTheWrongDimensionAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TwoLayerMse(
                TestNets.random(Activation.RELU, false, 2, 3, 1), TestNets.samples(5, 4, 1)));
    assertEquals("data have dimension 4, the network 3", e.getMessage());
  }
}
