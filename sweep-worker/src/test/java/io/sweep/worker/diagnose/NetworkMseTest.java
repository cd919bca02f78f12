package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkMseTest {

  /** Largest relative error of any Hv check in this class, printed at the end of the HVP test. */
  private static double worst;

  /** Central differences of the exact gradient, column by column: a dense Hessian without HVPs. */
  static double[][] finiteDifferenceHessian(NetworkMse f, double h) {
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

  private static double maxAbs(double[] v) {
    double max = 0;
    for (double x : v) {
      max = Math.max(max, Math.abs(x));
    }
    return max;
  }

  @Test
  void valueIsTheMeanSquaredErrorOfTheNetworkAtAnyDepth() {
    for (int depth = 1; depth <= 3; depth++) {
      for (boolean trainOutput : new boolean[] {false, true}) {
        NetworkParameters p = TestNets.deep(Activation.TANH, true, trainOutput, depth, 4, 3, depth);
        Samples s = TestNets.samples(25, 3, 2);
        assertEquals(Diagnostics.meanSquaredError(p, s), new NetworkMse(p, s).value(), 1e-14);
      }
    }
  }

  @Test
  void gradientMatchesCentralFiniteDifferencesOfTheLoss() {
    double h = 1e-6;
    for (Activation activation : Activation.values()) {
      for (int depth = 1; depth <= 3; depth++) {
        for (boolean bias : new boolean[] {false, true}) {
          for (boolean trainOutput : new boolean[] {false, true}) {
            NetworkMse f =
                new NetworkMse(
                    TestNets.deep(activation, bias, trainOutput, depth, 4, 3,
                        10 + activation.ordinal() + 7L * depth),
                    TestNets.samples(20, 3, 20));
            double[] theta = ParameterLayout.flatten(f.parameters());
            double[] g = f.gradient();
            assertEquals(f.parameters().count(), g.length);
            String what = activation + " depth=" + depth + " bias=" + bias + " trainOutput="
                + trainOutput;
            assertTrue(maxAbs(g) > 1e-3, "a gradient worth testing: " + what);
            for (int j = 0; j < theta.length; j++) {
              double[] plus = theta.clone();
              double[] minus = theta.clone();
              plus[j] += h;
              minus[j] -= h;
              double fd = (f.at(plus).value() - f.at(minus).value()) / (2 * h);
              assertEquals(fd, g[j], 1e-7 * Math.max(1, maxAbs(g)), what + " parameter " + j);
            }
          }
        }
      }
    }
  }

  @Test
  void hessianVectorProductsMatchFiniteDifferencesOfTheGradientEntryByEntry() {
    for (Activation activation : Activation.values()) {
      for (int depth = 1; depth <= 3; depth++) {
        for (boolean bias : new boolean[] {false, true}) {
          for (boolean trainOutput : new boolean[] {false, true}) {
            // A small relu net may be dead (every unit of a layer off on every sample, H = 0):
            // draw again, deterministically.
            NetworkMse f = null;
            double[][] exact = null;
            for (long seed = 0; seed < 10 && (exact == null || maxAbs(exact) <= 0.01); seed++) {
              f = new NetworkMse(
                  TestNets.deep(activation, bias, trainOutput, depth, 3, 2,
                      100 + activation.ordinal() + 11L * depth + 1000 * seed),
                  TestNets.samples(16, 2, 200 + depth));
              exact = HessianEstimates.dense(f);
            }
            double[][] fd = finiteDifferenceHessian(f, 1e-5);
            double scale = maxAbs(exact);
            String what = activation + " depth=" + depth + " bias=" + bias + " trainOutput="
                + trainOutput;
            assertTrue(scale > 0.01, "a Hessian worth testing: " + what + " " + scale);
            double error = 0;
            for (int i = 0; i < exact.length; i++) {
              for (int j = 0; j < exact.length; j++) {
                error = Math.max(error, Math.abs(fd[i][j] - exact[i][j]) / scale);
              }
            }
            worst = Math.max(worst, error);
            assertTrue(error <= 1e-6, what + ": relative error " + error);
          }
        }
      }
    }
    System.out.println("NetworkMse Hv vs finite differences: largest relative error " + worst);
  }

  // ---------------------------------------------------------------------------------------------
  // Several outputs: L = (1/(n·k)) Σᵢ Σₒ rᵢₒ², θ ends with A (k × m row-major) and c (k).

  private static final int K = 3;

  @Test
  void withSeveralOutputsTheValueIsTheMeanOverAllEntries() {
    for (int depth = 1; depth <= 2; depth++) {
      NetworkParameters p = TestNets.deep(Activation.TANH, true, true, depth, 4, 3, K, 7 + depth);
      Samples s = TestNets.samples(25, 3, K, 2);
      double sum = 0;
      for (int i = 0; i < s.n(); i++) {
        double[] f = p.outputs(s.x(), i * 3);
        for (int o = 0; o < K; o++) {
          double e = f[o] - s.y()[i * K + o];
          sum += e * e;
        }
      }
      NetworkMse loss = new NetworkMse(p, s);
      assertEquals(sum / (25 * K), loss.value(), 1e-14);
      assertEquals(Diagnostics.meanSquaredError(p, s), loss.value(), 1e-14);
      assertEquals(p.count(), loss.dimension());
      assertEquals(ParameterLayout.outputOffset(p) + K * 4 + K, p.count());
    }
  }

  @Test
  void aNetworkOfKIdenticalOutputsOnRepeatedLabelsHasTheOneOutputLossAndHessianScaled() {
    NetworkParameters one = TestNets.deep(Activation.GELU, true, true, 2, 4, 3, 4);
    Samples s = TestNets.samples(20, 3, 5);
    double[] a = new double[K * 4];
    double[] c = new double[K];
    double[] y = new double[20 * K];
    for (int o = 0; o < K; o++) {
      System.arraycopy(one.a(), 0, a, o * 4, 4);
      c[o] = one.c();
    }
    for (int i = 0; i < 20; i++) {
      for (int o = 0; o < K; o++) {
        y[i * K + o] = s.y()[i];
      }
    }
    NetworkParameters copies = one.with(one.weights(), one.biases(), a, c);
    NetworkMse many = new NetworkMse(copies, new Samples(20, 3, K, s.x(), y));
    NetworkMse single = new NetworkMse(one, s);
    assertEquals(single.value(), many.value(), 1e-14);
    // Hidden-layer gradients agree (the mean over outputs of identical terms).
    double[] g1 = single.gradient();
    double[] gk = many.gradient();
    int hidden = ParameterLayout.outputOffset(one);
    for (int i = 0; i < hidden; i++) {
      assertEquals(g1[i], gk[i], 1e-13 * Math.max(1, maxAbs(g1)), "entry " + i);
    }
    // Each output row gets 1/k of the one-output gradient of a.
    for (int o = 0; o < K; o++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(g1[hidden + j] / K, gk[hidden + o * 4 + j], 1e-13, "a " + o + "," + j);
      }
      assertEquals(g1[hidden + 4] / K, gk[hidden + K * 4 + o], 1e-13, "c " + o);
    }
  }

  @Test
  void withSeveralOutputsTheGradientMatchesCentralFiniteDifferences() {
    double h = 1e-6;
    for (Activation activation : Activation.values()) {
      for (int depth = 1; depth <= 2; depth++) {
        for (boolean bias : new boolean[] {false, true}) {
          for (boolean trainOutput : new boolean[] {false, true}) {
            NetworkMse f = new NetworkMse(
                TestNets.deep(activation, bias, trainOutput, depth, 4, 3, K,
                    30 + activation.ordinal() + 7L * depth),
                TestNets.samples(20, 3, K, 21));
            double[] theta = ParameterLayout.flatten(f.parameters());
            double[] g = f.gradient();
            String what = activation + " depth=" + depth + " bias=" + bias + " trainOutput="
                + trainOutput + " k=" + K;
            assertEquals(f.parameters().count(), g.length, what);
            assertTrue(maxAbs(g) > 1e-3, "a gradient worth testing: " + what);
            for (int j = 0; j < theta.length; j++) {
              double[] plus = theta.clone();
              double[] minus = theta.clone();
              plus[j] += h;
              minus[j] -= h;
              double fd = (f.at(plus).value() - f.at(minus).value()) / (2 * h);
              assertEquals(fd, g[j], 1e-7 * Math.max(1, maxAbs(g)), what + " parameter " + j);
            }
          }
        }
      }
    }
  }

  @Test
  void withSeveralOutputsHessianVectorProductsMatchTheFiniteDifferenceHessian() {
    double largest = 0;
    for (Activation activation : Activation.values()) {
      for (int depth = 1; depth <= 2; depth++) {
        for (boolean bias : new boolean[] {false, true}) {
          for (boolean trainOutput : new boolean[] {false, true}) {
            NetworkMse f = null;
            double[][] exact = null;
            for (long seed = 0; seed < 10 && (exact == null || maxAbs(exact) <= 0.01); seed++) {
              f = new NetworkMse(
                  TestNets.deep(activation, bias, trainOutput, depth, 3, 2, K,
                      300 + activation.ordinal() + 11L * depth + 1000 * seed),
                  TestNets.samples(16, 2, K, 400 + depth));
              exact = HessianEstimates.dense(f);
            }
            double[][] fd = finiteDifferenceHessian(f, 1e-5);
            double scale = maxAbs(exact);
            String what = activation + " depth=" + depth + " bias=" + bias + " trainOutput="
                + trainOutput + " k=" + K;
            assertTrue(scale > 0.01, "a Hessian worth testing: " + what + " " + scale);
            double error = 0;
            for (int i = 0; i < exact.length; i++) {
              for (int j = 0; j < exact.length; j++) {
                error = Math.max(error, Math.abs(fd[i][j] - exact[i][j]) / scale);
              }
            }
            largest = Math.max(largest, error);
            assertTrue(error <= 1e-6, what + ": relative error " + error);
          }
        }
      }
    }
    System.out.println("NetworkMse k=3 Hv vs finite differences: largest relative error "
        + largest);
  }

  @Test
  void withSeveralOutputsTheLayoutRoundTripsAndPutsCLast() {
    NetworkParameters p = TestNets.deep(Activation.RELU, true, true, 2, 4, 3, K, 9);
    double[] theta = ParameterLayout.flatten(p);
    int at = ParameterLayout.outputOffset(p);
    for (int i = 0; i < K * 4; i++) {
      assertEquals(p.a()[i], theta[at + i]);
    }
    assertEquals(at + K * 4, ParameterLayout.outputBiasOffset(p));
    for (int o = 0; o < K; o++) {
      assertEquals(p.c(o), theta[at + K * 4 + o]);
    }
    NetworkParameters back = ParameterLayout.unflatten(p, theta);
    assertArrayEquals(p.a(), back.a());
    assertArrayEquals(p.outputBias(), back.outputBias());
    assertThrows(IllegalStateException.class, p::c);
    assertThrows(IllegalArgumentException.class,
        () -> new NetworkMse(p, TestNets.samples(5, 3, 2)));
    assertThrows(IllegalArgumentException.class,
        () -> new TwoLayerMse(TestNets.deep(Activation.RELU, true, true, 1, 4, 3, K, 9),
            TestNets.samples(5, 3, K, 2)));
  }

  @Test
  void theHessianOfADeepNetworkIsSymmetricAndHasCrossLayerAndResidualTerms() {
    // Symmetry is not built in: Hv comes from separate forward and backward R-passes.
    NetworkParameters p = TestNets.deep(Activation.GELU, true, true, 3, 4, 3, 5);
    double[][] h = HessianEstimates.dense(new NetworkMse(p, TestNets.samples(30, 3, 6)));
    double scale = maxAbs(h);
    for (int i = 0; i < h.length; i++) {
      for (int j = 0; j < i; j++) {
        assertEquals(h[i][j], h[j][i], 1e-12 * scale, "entry " + i + "," + j);
      }
    }
    // W¹–W³ block: non-zero.
    int w3 = ParameterLayout.weightOffset(p, 2);
    assertNotEquals(0.0, h[0][w3]);
  }

  @Test
  void atDepthOneWithATrainedOutputItIsTwoLayerMse() {
    SplittableRandom rng = new SplittableRandom(3);
    for (Activation activation : Activation.values()) {
      for (boolean bias : new boolean[] {false, true}) {
        NetworkParameters p = TestNets.random(activation, bias, 6, 3, 40 + activation.ordinal());
        Samples s = TestNets.samples(40, 3, 41);
        TwoLayerMse two = new TwoLayerMse(p, s);
        NetworkMse net = new NetworkMse(p, s);
        String what = activation + " bias=" + bias;
        assertEquals(two.value(), net.value(), 1e-12 * two.value(), what);
        double[] g2 = two.gradient();
        double[] gn = net.gradient();
        assertArrayEquals(g2, gn, 1e-12 * maxAbs(g2), what);
        for (int probe = 0; probe < 3; probe++) {
          double[] v = new double[p.count()];
          for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
          }
          double[] h2 = new double[v.length];
          double[] hn = new double[v.length];
          two.hessianVectorProduct(v, h2);
          net.hessianVectorProduct(v, hn);
          assertArrayEquals(h2, hn, 1e-12 * maxAbs(h2), what);
        }
      }
    }
  }

  @Test
  void aFrozenOutputLeavesAAndCOutOfTheParameters() {
    NetworkParameters trained = TestNets.deep(Activation.TANH, true, true, 2, 3, 2, 9);
    NetworkParameters frozen =
        new NetworkParameters(2, 3, Activation.TANH, true, false, trained.weights(),
            trained.biases(), trained.a(), trained.c());
    Samples s = TestNets.samples(12, 2, 9);
    NetworkMse full = new NetworkMse(trained, s);
    NetworkMse part = new NetworkMse(frozen, s);
    assertEquals(full.value(), part.value(), 0.0);
    assertEquals(trained.count() - 4, part.dimension());
    // The frozen Hessian is the trained one's leading block.
    double[][] hf = HessianEstimates.dense(full);
    double[][] hp = HessianEstimates.dense(part);
    for (int i = 0; i < hp.length; i++) {
      for (int j = 0; j < hp.length; j++) {
        assertEquals(hf[i][j], hp[i][j], 1e-12 * maxAbs(hf), "entry " + i + "," + j);
      }
    }
    assertArrayEquals(
        java.util.Arrays.copyOf(full.gradient(), part.dimension()), part.gradient(), 1e-15);
  }

  @Test
  void theLayoutRoundTripsAtAnyDepth() {
    for (boolean bias : new boolean[] {false, true}) {
      for (boolean trainOutput : new boolean[] {false, true}) {
        NetworkParameters p = TestNets.deep(Activation.TANH, bias, trainOutput, 3, 3, 2, 6);
        double[] theta = ParameterLayout.flatten(p);
        assertEquals(p.count(), theta.length);
        int bb = bias ? 3 : 0;
        assertEquals(6 + bb, ParameterLayout.weightOffset(p, 1));
        assertEquals(6 + bb + 9 + bb, ParameterLayout.weightOffset(p, 2));
        assertEquals(p.weights()[1][4], theta[ParameterLayout.weightOffset(p, 1) + 4]);
        if (bias) {
          assertEquals(p.biases()[2][1], theta[ParameterLayout.biasOffset(p, 2) + 1]);
        }
        if (trainOutput) {
          assertEquals(p.a()[2], theta[ParameterLayout.outputOffset(p) + 2]);
        }
        NetworkParameters back = ParameterLayout.unflatten(p, theta);
        for (int l = 0; l < 3; l++) {
          assertArrayEquals(p.weights()[l], back.weights()[l], 0.0);
          assertArrayEquals(p.biases()[l], back.biases()[l], 0.0);
        }
        assertArrayEquals(p.a(), back.a(), 0.0);
        assertEquals(p.c(), back.c());
        assertEquals(trainOutput, back.trainOutput());
      }
    }
  }

  @Test
  void dataOfTheWrongDimensionAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new NetworkMse(
                TestNets.deep(Activation.RELU, false, true, 2, 2, 3, 1),
                TestNets.samples(5, 4, 1)));
    assertEquals("data have dimension 4, the network 3", e.getMessage());
  }
}
