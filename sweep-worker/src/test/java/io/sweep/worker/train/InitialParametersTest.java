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
}
