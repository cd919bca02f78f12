package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import org.junit.jupiter.api.Test;

/**
 * {@link Evaluation} against its oracles, sample by sample: {@link Diagnostics#meanSquaredError}
 * and the gradient of {@link Diagnostics#loss}.
 */
class EvaluationTest {

  /** A check of one shape: the network, samples of it, and where it is. */
  private interface ShapeCheck {
    void check(NetworkParameters p, Samples s, String where);
  }

  /**
   * Runs {@code check} on every shape: each activation, bias or not, depth 1–3, k = 1 and 3,
   * trained and frozen output (29 samples of dimension 4, width 6).
   */
  private static void forEveryShape(long seed, ShapeCheck check) {
    int checked = 0;
    for (Activation a : Activation.values()) {
      for (boolean bias : new boolean[] {true, false}) {
        for (int depth = 1; depth <= 3; depth++) {
          for (int k : new int[] {1, 3}) {
            for (boolean train : new boolean[] {true, false}) {
              NetworkParameters p = TestNets.deep(a, bias, train, depth, 6, 4, k, seed++);
              check.check(p, TestNets.samples(29, 4, k, seed),
                  a + " depth " + depth + " k " + k + " bias " + bias + " train " + train);
              checked++;
            }
          }
        }
      }
    }
    assertEquals(Activation.values().length * 24, checked);
  }

  @Test
  void theMeanSquaredErrorOfEveryShapeIsTheOraclesToRounding() {
    forEveryShape(3, (p, s, where) -> RecordsClose.assertClose(
        Diagnostics.meanSquaredError(p, s), Evaluation.meanSquaredError(p, s), 1e-12, where));
  }

  @Test
  void theLossGradientOfEveryShapeIsTheOraclesToRounding() {
    forEveryShape(5, (p, s, where) -> {
      double[] oracle = Diagnostics.loss(p, s).gradient();
      double[] fast = Evaluation.lossGradient(p, s);
      assertEquals(oracle.length, fast.length, where);
      // Entry by entry to rounding of the gradient's scale (an entry is a sum of terms of
      // either sign; its own size can be far below theirs).
      double scale = 0;
      for (double g : oracle) {
        scale = Math.max(scale, Math.abs(g));
      }
      for (int i = 0; i < oracle.length; i++) {
        assertTrue(Math.abs(fast[i] - oracle[i]) <= 1e-12 * scale,
            where + " entry " + i + ": " + fast[i] + " vs " + oracle[i]);
      }
      RecordsClose.assertClose(TheoryMetrics.norm(oracle), TheoryMetrics.norm(fast), 1e-12,
          where);
    });
  }

  @Test
  void theLossGradientOfANonFiniteNetworkIsNotFinite() {
    NetworkParameters p = TestNets.deep(Activation.TANH, true, true, 2, 6, 4, 1, 9);
    p.weights()[1][3] = Double.NaN;
    Samples s = TestNets.samples(7, 4, 1, 9);
    double[] g = Evaluation.lossGradient(p, s);
    assertTrue(java.util.Arrays.stream(g).anyMatch(Double::isNaN));
    assertTrue(Double.isNaN(TheoryMetrics.norm(g)));
  }

  @Test
  void aShapeMismatchIsAnError() {
    NetworkParameters p = TestNets.deep(Activation.RELU, true, true, 1, 6, 4, 1, 1);
    assertThrows(IllegalArgumentException.class,
        () -> Evaluation.meanSquaredError(p, TestNets.samples(5, 3, 1, 1)));
    assertThrows(IllegalArgumentException.class,
        () -> Evaluation.meanSquaredError(p, TestNets.samples(5, 4, 2, 1)));
    assertThrows(IllegalArgumentException.class,
        () -> Evaluation.lossGradient(p, TestNets.samples(5, 3, 1, 1)));
    assertThrows(IllegalArgumentException.class,
        () -> Evaluation.lossGradient(p, TestNets.samples(5, 4, 2, 1)));
  }
}
