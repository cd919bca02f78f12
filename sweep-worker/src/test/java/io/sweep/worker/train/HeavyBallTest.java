package io.sweep.worker.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sweep.worker.spec.Phase;
import io.sweep.worker.spec.Sampling;
import io.sweep.worker.spec.TrainSpec;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Sgd;

class HeavyBallTest {

  private static INDArray gradient(SplittableRandom rng, int n) {
    float[] g = new float[n];
    for (int i = 0; i < n; i++) {
      g[i] = (float) rng.nextGaussian();
    }
    return Nd4j.create(g, new long[] {1, n}, DataType.FLOAT);
  }

  @Test
  void withoutMomentumEveryUpdateIsBitwiseDl4jSgd() {
    int n = 9;
    GradientUpdater<?> heavy =
        new HeavyBall(0.37, 0).instantiate(Nd4j.create(DataType.FLOAT, 1, n), true);
    GradientUpdater<?> sgd = new Sgd(0.37).instantiate((INDArray) null, true);
    SplittableRandom rng = new SplittableRandom(1);
    for (int it = 0; it < 5; it++) {
      INDArray g = gradient(rng, n);
      INDArray a = g.dup();
      INDArray b = g.dup();
      heavy.applyUpdater(a, it, 0);
      sgd.applyUpdater(b, it, 0);
      assertArrayEquals(b.toFloatVector(), a.toFloatVector(), 0f, "iteration " + it);
    }
  }

  @Test
  void updateIsLearningRateTimesTheHeavyBallVelocity() {
    int n = 6;
    double lr = 0.2;
    double mu = 0.9;
    GradientUpdater<?> heavy =
        new HeavyBall(lr, mu).instantiate(Nd4j.create(DataType.FLOAT, 1, n), true);
    double[] v = new double[n];
    SplittableRandom rng = new SplittableRandom(2);
    for (int it = 0; it < 4; it++) {
      INDArray g = gradient(rng, n);
      float[] gv = g.toFloatVector();
      heavy.applyUpdater(g, it, 0);
      float[] update = g.toFloatVector();
      for (int i = 0; i < n; i++) {
        v[i] = mu * v[i] + gv[i];
        assertEquals(lr * v[i], update[i], 1e-6 * Math.max(1, Math.abs(v[i])), "it " + it);
      }
    }
  }

  /** DL4J's iteration count is k − 1 at step k: a phase at {@code at} rules from step at + 1. */
  @Test
  void schedulesSwitchAtTheIterationOfStepAtPlusOne() {
    TrainSpec t = new TrainSpec(0.1, 4, 0, 20, 1, 10).withOptimiser(0.5, 0)
        .withSchedule(Sampling.WITHOUT_REPLACEMENT, List.of(
            new Phase(3, 0.01, null, null, null), new Phase(7, null, null, null, 0.9)));
    HeavyBall h = StepSchedules.heavyBall(t);
    for (int step = 1; step <= 20; step++) {
      assertEquals(t.at(step).lr(), h.getLearningRate(step - 1, 0), 0.0, "lr at " + step);
      assertEquals(t.at(step).momentum(), h.momentum(step - 1, 0), 0.0, "mu at " + step);
    }
    assertEquals(0.1, h.getLearningRate(2, 0), 0.0);
    assertEquals(0.01, h.getLearningRate(3, 0), 0.0);
  }
}
