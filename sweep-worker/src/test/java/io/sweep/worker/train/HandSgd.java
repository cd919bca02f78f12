package io.sweep.worker.train;

import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;

/**
 * The optimiser of {@link io.sweep.worker.spec.TrainSpec} by hand, in double precision, on a flat
 * parameter vector: the tests' independent oracle for the DL4J reference.
 *
 * <p>Flat layout: W¹ (row-major m × d), b¹, W², b², …, Wᴸ, bᴸ, A (row-major k × m), c (k);
 * every entry is present, whether trained or not ({@link #trained}). Targets {@code ys} are
 * row-major B × k. The gradient is backpropagation of L = (1/(B·k)) Σᵢ Σₒ (fₒ(xᵢ) − yᵢₒ)² (DL4J's
 * MSE, the mean over all entries) with the spec's σ′ ({@link Activation#derivative}); {@link #numericGradient}
 * checks it by central differences.
 */
final class HandSgd {

  private final NetworkParameters shape;
  private final boolean[] trained;
  final double[] theta;
  final double[] velocity;

  /** Starts at {@code start}'s parameters with v = 0. */
  HandSgd(NetworkParameters start) {
    this.shape = start;
    this.theta = flatten(start);
    this.velocity = new double[theta.length];
    this.trained = trained(start);
  }

  /** One step: g = ∇L + λθ, v ← μv + g, θ ← θ − ηv, over the trained entries only. */
  void step(double[][] xs, double[] ys, double lr, double momentum, double decay) {
    double[] g = gradient(parameters(), xs, ys);
    for (int i = 0; i < theta.length; i++) {
      if (trained[i]) {
        velocity[i] = momentum * velocity[i] + g[i] + decay * theta[i];
        theta[i] -= lr * velocity[i];
      }
    }
  }

  /** The current parameters. */
  NetworkParameters parameters() {
    return unflatten(shape, theta);
  }

  static double[] flatten(NetworkParameters p) {
    int n = 0;
    for (int l = 0; l < p.depth(); l++) {
      n += p.weights()[l].length + p.width();
    }
    int k = p.outputDim();
    double[] out = new double[n + k * p.width() + k];
    int at = 0;
    for (int l = 0; l < p.depth(); l++) {
      System.arraycopy(p.weights()[l], 0, out, at, p.weights()[l].length);
      at += p.weights()[l].length;
      System.arraycopy(p.biases()[l], 0, out, at, p.width());
      at += p.width();
    }
    System.arraycopy(p.a(), 0, out, at, k * p.width());
    System.arraycopy(p.outputBias(), 0, out, at + k * p.width(), k);
    return out;
  }

  static NetworkParameters unflatten(NetworkParameters shape, double[] theta) {
    int m = shape.width();
    double[][] w = new double[shape.depth()][];
    double[][] b = new double[shape.depth()][];
    int at = 0;
    for (int l = 0; l < shape.depth(); l++) {
      w[l] = java.util.Arrays.copyOfRange(theta, at, at + m * shape.fanIn(l));
      at += w[l].length;
      b[l] = java.util.Arrays.copyOfRange(theta, at, at + m);
      at += m;
    }
    int k = shape.outputDim();
    double[] a = java.util.Arrays.copyOfRange(theta, at, at + k * m);
    double[] c = java.util.Arrays.copyOfRange(theta, at + k * m, at + k * m + k);
    return shape.with(w, b, a, c);
  }

  /** Which flat entries are trained: weights always, biases iff bias, a (and c) iff trainOutput. */
  static boolean[] trained(NetworkParameters p) {
    boolean[] out = new boolean[flatten(p).length];
    int at = 0;
    for (int l = 0; l < p.depth(); l++) {
      for (int i = 0; i < p.weights()[l].length; i++) {
        out[at++] = true;
      }
      for (int j = 0; j < p.width(); j++) {
        out[at++] = p.bias();
      }
    }
    for (int j = 0; j < p.outputDim() * p.width(); j++) {
      out[at++] = p.trainOutput();
    }
    for (int o = 0; o < p.outputDim(); o++) {
      out[at++] = p.trainOutput() && p.bias();
    }
    return out;
  }

  /** L = (1/(B·k)) Σᵢ Σₒ (fₒ(xᵢ) − yᵢₒ)². */
  static double loss(NetworkParameters p, double[][] xs, double[] ys) {
    int k = p.outputDim();
    double sum = 0;
    for (int i = 0; i < xs.length; i++) {
      double[] f = p.outputs(xs[i], 0);
      for (int o = 0; o < k; o++) {
        double e = f[o] - ys[i * k + o];
        sum += e * e;
      }
    }
    return sum / (xs.length * k);
  }

  /** ∇L by backpropagation, in the flat layout (every entry, trained or not). */
  static double[] gradient(NetworkParameters p, double[][] xs, double[] ys) {
    int depth = p.depth();
    int m = p.width();
    Activation act = p.activation();
    double[][] gw = new double[depth][];
    double[][] gb = new double[depth][m];
    for (int l = 0; l < depth; l++) {
      gw[l] = new double[p.weights()[l].length];
    }
    int k = p.outputDim();
    double[] ga = new double[k * m];
    double[] gc = new double[k];
    for (int i = 0; i < xs.length; i++) {
      double[][] h = new double[depth + 1][];
      double[][] z = new double[depth][m];
      h[0] = xs[i];
      for (int l = 0; l < depth; l++) {
        int fan = p.fanIn(l);
        h[l + 1] = new double[m];
        for (int j = 0; j < m; j++) {
          double s = p.biases()[l][j];
          for (int q = 0; q < fan; q++) {
            s += p.weights()[l][j * fan + q] * h[l][q];
          }
          z[l][j] = s;
          h[l + 1][j] = act.apply(s);
        }
      }
      double[] delta = new double[m];
      for (int o = 0; o < k; o++) {
        double f = p.c(o);
        for (int j = 0; j < m; j++) {
          f += p.a()[o * m + j] * h[depth][j];
        }
        double df = 2 * (f - ys[i * k + o]) / (xs.length * k);
        gc[o] += df;
        for (int j = 0; j < m; j++) {
          ga[o * m + j] += df * h[depth][j];
          delta[j] += df * p.a()[o * m + j];
        }
      }
      for (int j = 0; j < m; j++) {
        delta[j] *= act.derivative(z[depth - 1][j]);
      }
      for (int l = depth - 1; l >= 0; l--) {
        int fan = p.fanIn(l);
        double[] below = new double[fan];
        for (int j = 0; j < m; j++) {
          gb[l][j] += delta[j];
          for (int q = 0; q < fan; q++) {
            gw[l][j * fan + q] += delta[j] * h[l][q];
            below[q] += p.weights()[l][j * fan + q] * delta[j];
          }
        }
        if (l > 0) {
          for (int q = 0; q < fan; q++) {
            below[q] *= act.derivative(z[l - 1][q]);
          }
        }
        delta = below;
      }
    }
    return flatten(p.with(gw, gb, ga, gc));
  }

  /** ∇L by central differences with step h, for checking {@link #gradient}. */
  static double[] numericGradient(NetworkParameters p, double[][] xs, double[] ys, double h) {
    double[] theta = flatten(p);
    double[] g = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      double keep = theta[i];
      theta[i] = keep + h;
      double up = loss(unflatten(p, theta), xs, ys);
      theta[i] = keep - h;
      double down = loss(unflatten(p, theta), xs, ys);
      theta[i] = keep;
      g[i] = (up - down) / (2 * h);
    }
    return g;
  }
}
