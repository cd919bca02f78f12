package io.sweep.worker.pack;

import io.sweep.worker.data.DataSet;
import io.sweep.worker.data.Samples;
import io.sweep.worker.data.Seeds;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.StepSettings;
import io.sweep.worker.spec.TrainSpec;
import io.sweep.worker.train.InitialParameters;
import io.sweep.worker.train.MinibatchSampler;
import java.util.SplittableRandom;

/**
 * The {@link TrainSpec} optimiser on the {@link ModelSpec} network written out in double
 * precision, straight from their documentation, for the pack trainer's tests: a second, obvious
 * twin that covers what the DL4J reference does not train (yet).
 *
 * <p>Same inputs as the trainers see: the initial weights of {@link InitialParameters} rounded to
 * float, the inputs rounded to float, targets ỹ = float(y + σξ) (B·k draws, sample by sample,
 * output by output), the same {@link MinibatchSampler} and label-noise stream; then, per step k
 * with the settings {@link TrainSpec#at}(k): g = ∇(1/(B·k))ΣΣ(f − ỹ)² + λθ over the trained
 * parameters, v ← μv + g, θ ← θ − ηv,
 * all in double. No divergence handling: tests give it stable runs.
 */
final class DoubleOracle {

  /** The end of an oracle run. */
  record Result(double initialLoss, double trainLoss, double testLoss, NetworkParameters net) {}

  private final int d;
  private final int m;
  private final int depth;
  private final int outputs;
  private final Activation sigma;
  private final boolean bias;
  private final boolean trainOutput;
  private final double[][] w;
  private final double[][] b;
  private final double[] a;
  private final double[] c;
  private final double[][] vw;
  private final double[][] vb;
  private final double[] va;
  private final double[] vc;

  private DoubleOracle(RunSpec spec) {
    ModelSpec model = spec.model();
    d = spec.data().inputDim();
    m = model.width();
    depth = model.depth();
    outputs = model.outputDim();
    sigma = model.activation();
    bias = model.bias();
    trainOutput = model.trainOutput();
    InitialParameters init = InitialParameters.draw(model, d, spec.seed());
    w = new double[depth][];
    b = new double[depth][];
    vw = new double[depth][];
    vb = new double[depth][];
    for (int l = 0; l < depth; l++) {
      w[l] = rounded(init.layer(l));
      b[l] = new double[m];
      vw[l] = new double[w[l].length];
      vb[l] = new double[m];
    }
    a = rounded(init.outputLayer());
    va = new double[outputs * m];
    c = new double[outputs];
    vc = new double[outputs];
  }

  private static double[] rounded(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = (float) v[i];
    }
    return r;
  }

  /** Trains {@code spec} on {@code data} for its whole budget. */
  static Result train(RunSpec spec, DataSet data) {
    return new DoubleOracle(spec).run(spec, data);
  }

  private Result run(RunSpec spec, DataSet data) {
    TrainSpec t = spec.train();
    Samples train = data.train();
    double[] x = rounded(train.x());
    double[] y = train.y();
    int n = train.n();
    double initial = loss(x, y, n);
    MinibatchSampler sampler =
        new MinibatchSampler(n, t.batchSize(), t.sampling(), spec.seed());
    SplittableRandom noise = new SplittableRandom(Seeds.derive(spec.seed(), Seeds.LABEL_NOISE));
    int[] indices = new int[t.maxBatchSize()];
    double[][] gw = new double[depth][];
    double[][] gb = new double[depth][];
    for (int l = 0; l < depth; l++) {
      gw[l] = new double[w[l].length];
      gb[l] = new double[m];
    }
    double[] ga = new double[outputs * m];
    double[] gc = new double[outputs];
    double[] f = new double[outputs];
    double[][] z = new double[depth][m];
    double[][] h = new double[depth][m];
    double[][] delta = new double[depth][m];
    double lambda = t.weightDecay();
    for (long step = 1; step <= t.steps(); step++) {
      StepSettings s = t.at(step);
      int batch = s.batchSize();
      sampler.next(indices, batch);
      for (int l = 0; l < depth; l++) {
        java.util.Arrays.fill(gw[l], 0);
        java.util.Arrays.fill(gb[l], 0);
      }
      java.util.Arrays.fill(ga, 0);
      java.util.Arrays.fill(gc, 0);
      for (int i = 0; i < batch; i++) {
        int sample = indices[i];
        forward(x, sample * d, z, h, f);
        java.util.Arrays.fill(delta[depth - 1], 0);
        for (int o = 0; o < outputs; o++) {
          double target = (float) (y[sample * outputs + o] + s.labelNoise() * noise.nextGaussian());
          double e = 2 * (f[o] - target) / (batch * outputs);
          for (int j = 0; j < m; j++) {
            ga[o * m + j] += e * h[depth - 1][j];
            delta[depth - 1][j] += e * a[o * m + j];
          }
          gc[o] += e;
        }
        for (int j = 0; j < m; j++) {
          delta[depth - 1][j] *= sigma.derivative(z[depth - 1][j]);
        }
        for (int l = depth - 1; l >= 0; l--) {
          int fan = l == 0 ? d : m;
          for (int j = 0; j < m; j++) {
            double dj = delta[l][j];
            for (int k = 0; k < fan; k++) {
              gw[l][j * fan + k] += dj * (l == 0 ? x[sample * d + k] : h[l - 1][k]);
            }
            gb[l][j] += dj;
          }
          if (l > 0) {
            for (int k = 0; k < m; k++) {
              double sum = 0;
              for (int j = 0; j < m; j++) {
                sum += delta[l][j] * w[l][j * m + k];
              }
              delta[l - 1][k] = sum * sigma.derivative(z[l - 1][k]);
            }
          }
        }
      }
      double mu = s.momentum();
      double eta = s.lr();
      for (int l = 0; l < depth; l++) {
        update(w[l], vw[l], gw[l], mu, lambda, eta);
        if (bias) {
          update(b[l], vb[l], gb[l], mu, lambda, eta);
        }
      }
      if (trainOutput) {
        update(a, va, ga, mu, lambda, eta);
        if (bias) {
          update(c, vc, gc, mu, lambda, eta);
        }
      }
    }
    Samples test = data.test();
    double[][] wc = new double[depth][];
    double[][] bc = new double[depth][];
    for (int l = 0; l < depth; l++) {
      wc[l] = w[l].clone();
      bc[l] = b[l].clone();
    }
    NetworkParameters net =
        new NetworkParameters(d, m, sigma, bias, trainOutput, wc, bc, a.clone(), c.clone());
    return new Result(initial, loss(x, y, n), loss(rounded(test.x()), test.y(), test.n()), net);
  }

  private static void update(
      double[] theta, double[] v, double[] g, double mu, double lambda, double eta) {
    for (int i = 0; i < theta.length; i++) {
      v[i] = mu * v[i] + g[i] + lambda * theta[i];
      theta[i] -= eta * v[i];
    }
  }

  /** f(x) into {@code f} (k entries). */
  private void forward(double[] x, int offset, double[][] z, double[][] h, double[] f) {
    for (int l = 0; l < depth; l++) {
      int fan = l == 0 ? d : m;
      for (int j = 0; j < m; j++) {
        double sum = b[l][j];
        for (int k = 0; k < fan; k++) {
          sum += w[l][j * fan + k] * (l == 0 ? x[offset + k] : h[l - 1][k]);
        }
        z[l][j] = sum;
        h[l][j] = sigma.apply(sum);
      }
    }
    for (int o = 0; o < outputs; o++) {
      double v = c[o];
      for (int j = 0; j < m; j++) {
        v += a[o * m + j] * h[depth - 1][j];
      }
      f[o] = v;
    }
  }

  private double loss(double[] x, double[] y, int n) {
    double[][] z = new double[depth][m];
    double[][] h = new double[depth][m];
    double[] f = new double[outputs];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      forward(x, i * d, z, h, f);
      for (int o = 0; o < outputs; o++) {
        double e = f[o] - y[i * outputs + o];
        sum += e * e;
      }
    }
    return sum / ((double) n * outputs);
  }
}
