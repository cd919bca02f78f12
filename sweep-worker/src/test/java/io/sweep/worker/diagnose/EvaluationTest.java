package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import org.junit.jupiter.api.Test;

/** {@link Evaluation} against its oracle {@link Diagnostics#meanSquaredError}, sample by sample. */
class EvaluationTest {

  @Test
  void theMeanSquaredErrorOfEveryShapeIsTheOraclesToRounding() {
    long seed = 3;
    int checked = 0;
    for (Activation a : Activation.values()) {
      for (boolean bias : new boolean[] {true, false}) {
        for (int depth = 1; depth <= 3; depth++) {
          for (int k : new int[] {1, 3}) {
            for (boolean train : new boolean[] {true, false}) {
              NetworkParameters p = TestNets.deep(a, bias, train, depth, 6, 4, k, seed++);
              Samples s = TestNets.samples(29, 4, k, seed);
              RecordsClose.assertClose(Diagnostics.meanSquaredError(p, s),
                  Evaluation.meanSquaredError(p, s), 1e-12,
                  a + " depth " + depth + " k " + k + " bias " + bias);
              checked++;
            }
          }
        }
      }
    }
    org.junit.jupiter.api.Assertions.assertEquals(Activation.values().length * 24, checked);
  }

  @Test
  void aShapeMismatchIsAnError() {
    NetworkParameters p = TestNets.deep(Activation.RELU, true, true, 1, 6, 4, 1, 1);
    assertThrows(IllegalArgumentException.class,
        () -> Evaluation.meanSquaredError(p, TestNets.samples(5, 3, 1, 1)));
    assertThrows(IllegalArgumentException.class,
        () -> Evaluation.meanSquaredError(p, TestNets.samples(5, 4, 2, 1)));
  }
}
