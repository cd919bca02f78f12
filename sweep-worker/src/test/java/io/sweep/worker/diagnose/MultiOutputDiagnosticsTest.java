package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.Samples;
import io.sweep.worker.data.TeacherStudent;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.Teacher;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics of networks with k = 3 outputs: ols_distance per output and averaged, collapse
 * counts with a last-layer neuron's outgoing weights = its column of A, the Hessian of NetworkMse.
 */
class MultiOutputDiagnosticsTest {

  private static final int K = 3;
  private static final DiagnosticsSpec SPEC = new DiagnosticsSpec(0.1, 0.1, 1e-3, 16, 300, 0);
  private static final TeacherStudent DATA =
      TeacherStudent.generate(new DataSpec(4, Teacher.LINEAR, 0.2, 32, 50, 1).withOutputs(K), 3);

  /** Output o's labels as a one-output sample set. */
  private static Samples column(Samples s, int o) {
    double[] y = new double[s.n()];
    for (int i = 0; i < s.n(); i++) {
      y[i] = s.y()[i * s.k() + o];
    }
    return new Samples(s.n(), s.d(), s.x(), y);
  }

  /** Output o of {@code p} as a one-output network (same hidden layers). */
  private static NetworkParameters output(NetworkParameters p, int o) {
    int m = p.width();
    double[] a = java.util.Arrays.copyOfRange(p.a(), o * m, o * m + m);
    return p.with(p.weights(), p.biases(), a, p.c(o));
  }

  @Test
  void eachOutputGetsItsOwnLeastSquaresFitAndTheDistanceIsTheirMean() {
    LeastSquares fit = LeastSquares.fit(DATA.train());
    assertEquals(K, fit.outputs());
    NetworkParameters p = TestNets.deep(Activation.TANH, true, true, 2, 5, 4, K, 11);
    double mean = 0;
    for (int o = 0; o < K; o++) {
      LeastSquares alone = LeastSquares.fit(column(DATA.train(), o));
      double[] b = alone.coefficients();
      for (int j = 0; j < 4; j++) {
        assertEquals(b[j], fit.coefficients(o)[j], 1e-12, "β̂ of output " + o);
      }
      assertEquals(alone.intercept(), fit.intercept(o), 1e-12);
      mean += LeastSquares.olsDistance(output(p, o), column(DATA.test(), o), alone) / K;
    }
    double distance = LeastSquares.olsDistance(p, DATA.test(), fit);
    assertEquals(mean, distance, 1e-12 * mean);
    assertTrue(distance > 0);
  }

  @Test
  void aLinearNetworkEqualToTheFitsIsAtDistanceZeroAndShiftsAverageTheirSquares() {
    LeastSquares fit = LeastSquares.fit(DATA.train());
    // Width K, linear: neuron o computes β̂ₒ·x, A = identity, c = β̂ₒ₀.
    double[] w = new double[K * 4];
    double[] a = new double[K * K];
    double[] c = new double[K];
    double[] shifted = new double[K];
    for (int o = 0; o < K; o++) {
      System.arraycopy(fit.coefficients(o), 0, w, o * 4, 4);
      a[o * K + o] = 1;
      c[o] = fit.intercept(o);
      shifted[o] = c[o] + 0.1 * (o + 1);
    }
    NetworkParameters same = new NetworkParameters(4, K, Activation.LINEAR, true, true,
        new double[][] {w}, new double[][] {new double[K]}, a, c);
    assertEquals(0.0, LeastSquares.olsDistance(same, DATA.test(), fit), 1e-24);
    NetworkParameters moved = same.with(same.weights(), same.biases(), a, shifted);
    assertEquals((0.01 + 0.04 + 0.09) / K, LeastSquares.olsDistance(moved, DATA.test(), fit),
        1e-12);
  }

  @Test
  void aLastLayerNeuronIsItsIncomingRowAndItsColumnOfA() {
    double[] w = {1, 0, 1, 0, 0, 1};
    // Neurons 0 and 1 have the same incoming row; their columns of A agree in every output.
    double[] a = {0.5, 0.5, 1, -0.3, -0.3, 0.2, 0.7, 0.7, -1};
    NetworkParameters p = new NetworkParameters(2, 3, Activation.RELU, false, true,
        new double[][] {w}, new double[][] {new double[3]}, a, new double[K]);
    CollapseCounts merged = CollapseCounts.of(p, 0.1, 0.1);
    assertEquals(0, merged.vanished());
    assertEquals(1, merged.redundant());
    assertEquals(2, merged.independent());

    // Output 2 alone tells them apart: a difference only in the last row of A splits the pair.
    double[] apart = a.clone();
    apart[2 * 3 + 1] = -0.7;
    CollapseCounts split = CollapseCounts.of(p.with(p.weights(), p.biases(), apart,
        new double[K]), 0.1, 0.1);
    assertEquals(0, split.redundant());
    assertEquals(3, split.independent());

    // A neuron whose row and column are both tiny has vanished.
    double[] small = a.clone();
    w = w.clone();
    w[4] = 1e-4;
    w[5] = 0;
    for (int o = 0; o < K; o++) {
      small[o * 3 + 2] = 1e-4;
    }
    CollapseCounts gone = CollapseCounts.of(new NetworkParameters(2, 3, Activation.RELU, false,
        true, new double[][] {w}, new double[][] {new double[3]}, small, new double[K]), 0.1, 0.1);
    assertEquals(1, gone.vanished());
  }

  @Test
  void theDiagnosticsOfAThreeOutputNetworkUseNetworkMseAndTheMeanLabelVariance() {
    NetworkParameters p = TestNets.deep(Activation.TANH, true, true, 1, 5, 4, K, 4);
    assertTrue(Diagnostics.loss(p, DATA.train()) instanceof NetworkMse);
    double variance = DATA.train().labelVariance();
    DiagnosticsResult r = Diagnostics.compute(p, DATA, SPEC, 0.05, 8, 0.5 * 1e-3 * variance, 7);
    assertTrue(r.interpolated());
    assertFalse(
        Diagnostics.compute(p, DATA, SPEC, 0.05, 8, 2e-3 * variance, 7).interpolated());

    HessianSummary h = HessianEstimates.exact(new NetworkMse(p, DATA.train()));
    assertEquals(HessianSummary.EXACT, r.hessianMethod());
    assertEquals(h.maxEigenvalue(), r.hessianMaxEig());
    assertEquals(h.trace(), r.hessianTrace());
    assertEquals(LeastSquares.olsDistance(p, DATA.test(), LeastSquares.fit(DATA.train())),
        r.olsDistance());
    CollapseCounts c = CollapseCounts.of(p, 0.1, 0.1);
    assertEquals(c.independent(), r.independentNeurons());
    assertEquals(new NetworkMse(p, DATA.train()).value(),
        Diagnostics.meanSquaredError(p, DATA.train()), 1e-14);

    Samples oneLabel = column(DATA.train(), 0);
    assertThrows(IllegalArgumentException.class,
        () -> Diagnostics.compute(p, oneLabel, DATA.test(), SPEC, 0.05, 8, 0.1, 7));
  }
}
