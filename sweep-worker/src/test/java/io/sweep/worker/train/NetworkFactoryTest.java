package io.sweep.worker.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.ModelSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NetworkFactoryTest {

  /** Parameters of f(x) = Σⱼ aⱼ σ(wⱼ·x + bⱼ) + c in double precision, read from a network. */
  private record Params(int m, int d, double[][] w, double[] b, double[] a, double c) {

    static Params of(MultiLayerNetwork net, boolean bias) {
      INDArray w = net.getLayer(0).getParam("W");
      INDArray a = net.getLayer(1).getParam("W");
      int d = (int) w.size(0);
      int m = (int) w.size(1);
      double[][] ww = new double[m][d];
      double[] bb = new double[m];
      double[] aa = new double[m];
      for (int j = 0; j < m; j++) {
        for (int k = 0; k < d; k++) {
          ww[j][k] = w.getDouble(k, j);
        }
        aa[j] = a.getDouble(j, 0);
        bb[j] = bias ? net.getLayer(0).getParam("b").getDouble(j) : 0;
      }
      double c = bias ? net.getLayer(1).getParam("b").getDouble(0) : 0;
      return new Params(m, d, ww, bb, aa, c);
    }

    double[] hidden(double[] x, Activation act) {
      double[] h = new double[m];
      for (int j = 0; j < m; j++) {
        double z = b[j];
        for (int k = 0; k < d; k++) {
          z += w[j][k] * x[k];
        }
        h[j] = sigma(z, act);
      }
      return h;
    }

    double output(double[] x, Activation act) {
      double[] h = hidden(x, act);
      double f = c;
      for (int j = 0; j < m; j++) {
        f += a[j] * h[j];
      }
      return f;
    }
  }

  private static double sigma(double z, Activation act) {
    return switch (act) {
      case RELU -> Math.max(0, z);
      case TANH -> Math.tanh(z);
      case LINEAR -> z;
      default -> act.apply(z);
    };
  }

  private static double sigmaPrime(double z, double h, Activation act) {
    return switch (act) {
      case RELU -> z > 0 ? 1 : 0;
      case TANH -> 1 - h * h;
      case LINEAR -> 1;
      default -> act.derivative(z);
    };
  }

  private static MultiLayerNetwork net(ModelSpec model, int d, double lr, long seed) {
    return NetworkFactory.build(model, d, lr, InitialParameters.draw(model, d, seed));
  }

  @Test
  void networkHoldsExactlyTheDrawnParametersAndZeroBiases() {
    int d = 5;
    ModelSpec model = new ModelSpec(4, Activation.RELU, 1.5, true);
    InitialParameters init = InitialParameters.draw(model, d, 21);
    MultiLayerNetwork net = NetworkFactory.build(model, d, 0.1, init);
    Params p = Params.of(net, true);
    double[] w = init.firstLayer();
    double[] a = init.outputLayer();
    for (int j = 0; j < 4; j++) {
      for (int k = 0; k < d; k++) {
        assertEquals((float) w[j * d + k], (float) p.w()[j][k], 0f, "w" + j + "," + k);
      }
      assertEquals((float) a[j], (float) p.a()[j], 0f, "a" + j);
      assertEquals(0.0, p.b()[j], 0.0);
    }
    assertEquals(0.0, p.c(), 0.0);
    assertEquals(d * 4 + 4 + 4 + 1, net.numParams());
    assertEquals(DataType.FLOAT, net.params().dataType());
    // The flattened parameter vector (what the updater steps) holds the same values.
    assertEquals(
        net.getLayer(0).getParam("W").sumNumber().doubleValue()
            + net.getLayer(1).getParam("W").sumNumber().doubleValue(),
        net.params().sumNumber().doubleValue(),
        1e-5);
  }

  @Test
  void withoutBiasTheLayersHaveOnlyWeights() {
    MultiLayerNetwork net = net(new ModelSpec(3, Activation.TANH, 1.0, false), 2, 0.1, 1);
    assertNull(net.getLayer(0).getParam("b"));
    assertNull(net.getLayer(1).getParam("b"));
    assertEquals(2 * 3 + 3, net.numParams());
  }

  @Test
  void outputIsTheTwoLayerFormulaForEveryActivation() {
    int d = 3;
    double[][] xs = {{0.5, -1.0, 2.0}, {-0.3, 0.2, -0.7}};
    INDArray x = Nd4j.create(new float[][] {{0.5f, -1.0f, 2.0f}, {-0.3f, 0.2f, -0.7f}});
    for (Activation act : Activation.values()) {
      MultiLayerNetwork net = net(new ModelSpec(6, act, 1.0, false), d, 0.1, 4);
      Params p = Params.of(net, false);
      INDArray out = net.output(x);
      for (int i = 0; i < xs.length; i++) {
        assertEquals(p.output(xs[i], act), out.getDouble(i, 0), 1e-5, act + " sample " + i);
      }
    }
  }

  /**
   * Pins DL4J's loss scaling: one fit on a batch of B samples is θ ← θ − η∇L with L = (1/B)
   * Σᵢ (f(xᵢ) − yᵢ)², no factor ½, and score() is that L before the step.
   */
  @Test
  void oneFitStepIsPlainSgdOnTheBatchMeanOfSquaredErrors() {
    int d = 3;
    int m = 4;
    double lr = 0.1;
    double[][] xs = {{0.5, -1.0, 2.0}, {-0.3, 0.2, -0.7}, {1.1, 0.4, 0.0}};
    double[] ys = {0.8, -1.5, 0.3};
    for (Activation act : new Activation[] {Activation.TANH, Activation.RELU}) {
      for (int batch = 1; batch <= 3; batch++) {
        ModelSpec model = new ModelSpec(m, act, 1.0, true);
        MultiLayerNetwork net = net(model, d, lr, 8);
        Params before = Params.of(net, true);

        double loss = 0;
        double[][] gw = new double[m][d];
        double[] gb = new double[m];
        double[] ga = new double[m];
        double gc = 0;
        for (int i = 0; i < batch; i++) {
          double[] x = xs[i];
          double[] h = before.hidden(x, act);
          double f = before.output(x, act);
          loss += (f - ys[i]) * (f - ys[i]) / batch;
          double g = 2 * (f - ys[i]) / batch; // dL/df_i
          gc += g;
          for (int j = 0; j < m; j++) {
            double z = before.b()[j];
            for (int k = 0; k < d; k++) {
              z += before.w()[j][k] * x[k];
            }
            ga[j] += g * h[j];
            double back = g * before.a()[j] * sigmaPrime(z, h[j], act);
            gb[j] += back;
            for (int k = 0; k < d; k++) {
              gw[j][k] += back * x[k];
            }
          }
        }

        float[][] fx = new float[batch][d];
        float[][] fy = new float[batch][1];
        for (int i = 0; i < batch; i++) {
          for (int k = 0; k < d; k++) {
            fx[i][k] = (float) xs[i][k];
          }
          fy[i][0] = (float) ys[i];
        }
        net.fit(Nd4j.create(fx), Nd4j.create(fy));
        Params after = Params.of(net, true);
        String where = act + ", B=" + batch;

        assertEquals(loss, net.score(), 1e-5, "score " + where);
        assertEquals(before.c() - lr * gc, after.c(), 1e-5, "c " + where);
        for (int j = 0; j < m; j++) {
          assertEquals(before.a()[j] - lr * ga[j], after.a()[j], 1e-5, "a" + j + " " + where);
          assertEquals(before.b()[j] - lr * gb[j], after.b()[j], 1e-5, "b" + j + " " + where);
          for (int k = 0; k < d; k++) {
            assertEquals(
                before.w()[j][k] - lr * gw[j][k], after.w()[j][k], 1e-5,
                "w" + j + "," + k + " " + where);
          }
        }
      }
    }
  }
}
