package io.sweep.worker.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sweep.worker.data.Seeds;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.ModelSpec;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitialParametersTest {

  private static double rms(double[] v) {
    double ss = 0;
    for (double x : v) {
      ss += x * x;
    }
    return Math.sqrt(ss / v.length);
  }

  @Test
  void weightsHaveTheDeclaredScale() {
    int m = 64;
    int d = 100;
    double s = 0.5;
    InitialParameters p = InitialParameters.draw(new ModelSpec(m, Activation.RELU, s, false), d, 1);
    double[] w = p.firstLayer();
    assertEquals(m * d, w.length);
    assertEquals(s / Math.sqrt(d), rms(w), 0.1 * s / Math.sqrt(d), "std of W is s/sqrt(d)");
    double mean = 0;
    for (double x : w) {
      mean += x / w.length;
    }
    assertEquals(0, mean, 0.1 * s / Math.sqrt(d));
    double[] a = p.outputLayer();
    assertEquals(m, a.length);
    // Only 64 draws: within 30%.
    assertEquals(s / Math.sqrt(m), rms(a), 0.3 * s / Math.sqrt(m), "std of a is s/sqrt(m)");
  }

  @Test
  void drawOrderIsFirstLayerRowByRowThenOutputWeights() {
    int m = 3;
    int d = 2;
    double s = 2.0;
    InitialParameters p = InitialParameters.draw(new ModelSpec(m, Activation.TANH, s, true), d, 77);
    SplittableRandom rng = new SplittableRandom(Seeds.derive(77, "init"));
    double[] w = p.firstLayer();
    for (int j = 0; j < m; j++) {
      for (int k = 0; k < d; k++) {
        assertEquals(s / Math.sqrt(d) * rng.nextGaussian(), w[j * d + k], 0.0, "w" + j + k);
      }
    }
    double[] a = p.outputLayer();
    for (int j = 0; j < m; j++) {
      assertEquals(s / Math.sqrt(m) * rng.nextGaussian(), a[j], 0.0, "a" + j);
    }
  }

  @Test
  void severalOutputsDrawARowByRowAfterTheHiddenLayersOutputZeroFirst() {
    ModelSpec one = new ModelSpec(5, Activation.TANH, 1.3, true).withDepth(2);
    InitialParameters single = InitialParameters.draw(one, 3, 9);
    InitialParameters three = InitialParameters.draw(one.withOutputDim(3), 3, 9);
    for (int l = 0; l < 2; l++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(single.layer(l), three.layer(l), 0.0);
    }
    double[] a = three.outputLayer();
    assertEquals(15, a.length);
    SplittableRandom rng = new SplittableRandom(Seeds.derive(9, "init"));
    for (int i = 0; i < 3 * 5 + 5 * 5; i++) {
      rng.nextGaussian();
    }
    for (int i = 0; i < 15; i++) {
      assertEquals(1.3 / Math.sqrt(5) * rng.nextGaussian(), a[i], 0.0, "a" + i);
    }
    for (int j = 0; j < 5; j++) {
      assertEquals(single.outputLayer()[j], a[j], 0.0, "output 0 is the one-output draw");
    }
  }

  @Test
  void balancedInitSplitsEachNeuronsNormOverTheOutputs() {
    ModelSpec model = new ModelSpec(6, Activation.RELU, 1.0, false)
        .withInit(io.sweep.worker.spec.Init.BALANCED, io.sweep.worker.spec.OutputInit.RANDOM)
        .withOutputDim(3);
    InitialParameters p = InitialParameters.draw(model, 4, 3);
    double[] w = p.firstLayer();
    double[] a = p.outputLayer();
    int negative = 0;
    for (int j = 0; j < 6; j++) {
      double ss = 0;
      for (int k = 0; k < 4; k++) {
        ss += w[j * 4 + k] * w[j * 4 + k];
      }
      double out = 0;
      for (int o = 0; o < 3; o++) {
        double v = a[o * 6 + j];
        assertEquals(Math.sqrt(ss / 3), Math.abs(v), 1e-15, "|a_oj| = ‖w_j‖/√k");
        out += v * v;
        negative += v < 0 ? 1 : 0;
      }
      assertEquals(ss, out, 1e-12 * ss, "Σ_o a_oj² = ‖w_j‖²");
    }
    org.junit.jupiter.api.Assertions.assertTrue(negative > 0 && negative < 18, "both signs");
  }
}
