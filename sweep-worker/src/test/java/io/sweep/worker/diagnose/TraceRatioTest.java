package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/** Gatmiry's trace ratio R on networks built on the zero-loss manifold (d = n). */
class TraceRatioTest {

  private static final int M = 4;
  private static final int N = 3;

  /** Inputs U[0,1]³, labels 5·U(−1, 1), as SCIENCE.md's rank-one design. */
  private static Samples data(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[N * N];
    double[] y = new double[N];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble();
    }
    for (int i = 0; i < N; i++) {
      y[i] = 5 * (2 * rng.nextDouble() - 1);
    }
    return new Samples(N, N, x, y);
  }

  /** The network whose neuron j has pre-activations z[j][·] on the inputs: wⱼ = X⁻¹ zⱼ. */
  private static NetworkParameters withPreActivations(Activation phi, Samples s, double[][] z) {
    RealMatrix x = new Array2DRowRealMatrix(N, N);
    for (int i = 0; i < N; i++) {
      for (int q = 0; q < N; q++) {
        x.setEntry(i, q, s.x()[i * N + q]);
      }
    }
    RealMatrix inverse = new LUDecomposition(x).getSolver().getInverse();
    double[] w = new double[M * N];
    for (int j = 0; j < M; j++) {
      double[] wj = inverse.operate(z[j]);
      System.arraycopy(wj, 0, w, j * N, N);
    }
    double[][] weights = {w};
    double[][] biases = {new double[M]};
    double[] ones = new double[M];
    java.util.Arrays.fill(ones, 1);
    return new NetworkParameters(N, M, phi, false, false, weights, biases, ones, 0);
  }

  @Test
  void cubicInverseInvertsTheActivation() {
    for (double t : new double[] {-1e6, -37.5, -1, -1e-9, 0, 1e-12, 0.3, 2, 1e4}) {
      double z = TraceRatio.cubicInverse(t);
      assertEquals(t, Activation.CUBIC.apply(z), 1e-14 * Math.max(1, Math.abs(t)), "t = " + t);
    }
  }

  @Test
  void equalNeuronsOnTheManifoldMinimiseTheTrace() {
    Samples s = data(1);
    double[][] z = new double[M][N];
    for (int j = 0; j < M; j++) {
      for (int i = 0; i < N; i++) {
        z[j][i] = TraceRatio.cubicInverse(s.y()[i] / M);
      }
    }
    NetworkParameters p = withPreActivations(Activation.CUBIC, s, z);
    assertEquals(0, Diagnostics.meanSquaredError(p, s), 1e-20, "on the zero-loss manifold");
    assertEquals(1, TraceRatio.of(p, s), 1e-12);
  }

  @Test
  void unequalNeuronsOnTheManifoldHaveALargerTrace() {
    Samples s = data(2);
    SplittableRandom rng = new SplittableRandom(3);
    for (int trial = 0; trial < 20; trial++) {
      double[][] z = new double[M][N];
      for (int i = 0; i < N; i++) {
        double rest = s.y()[i];
        for (int j = 0; j < M - 1; j++) {
          z[j][i] = rng.nextGaussian();
          rest -= Activation.CUBIC.apply(z[j][i]);
        }
        z[M - 1][i] = TraceRatio.cubicInverse(rest);
      }
      NetworkParameters p = withPreActivations(Activation.CUBIC, s, z);
      assertEquals(0, Diagnostics.meanSquaredError(p, s), 1e-16, "on the zero-loss manifold");
      double r = TraceRatio.of(p, s);
      assertTrue(r > 1.001, "R = " + r);
      // Tr H is the exact Hessian's trace there (the engine's loss, no ½: both carry the 2/n)
      double[][] h = HessianEstimates.dense(Diagnostics.loss(p, s));
      double trace = 0;
      for (int q = 0; q < h.length; q++) {
        trace += h[q][q];
      }
      double optimum = 0;
      for (int i = 0; i < N; i++) {
        double norm = 0;
        for (int q = 0; q < N; q++) {
          norm += s.x()[i * N + q] * s.x()[i * N + q];
        }
        double d = Activation.CUBIC.derivative(TraceRatio.cubicInverse(s.y()[i] / M));
        optimum += 2.0 / N * M * norm * d * d;
      }
      assertEquals(trace / optimum, r, 1e-9 * r);
    }
  }

  @Test
  void linearIsOneAndOtherModelsHaveNone() {
    Samples s = data(4);
    double[][] z = new double[M][N];
    SplittableRandom rng = new SplittableRandom(5);
    for (double[] row : z) {
      for (int i = 0; i < N; i++) {
        row[i] = rng.nextGaussian();
      }
    }
    assertEquals(1, TraceRatio.of(withPreActivations(Activation.LINEAR, s, z), s), 1e-14);
    assertTrue(Double.isNaN(TraceRatio.of(withPreActivations(Activation.TANH, s, z), s)));
    NetworkParameters trained = TestNets.random(Activation.CUBIC, false, M, N, 6);
    assertTrue(Double.isNaN(TraceRatio.of(trained, s)), "a trained output is outside the model");
  }
}
