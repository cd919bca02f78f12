package io.sweep.worker.train;

import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;

/**
 * The optimiser of {@link io.sweep.worker.spec.TrainSpec} by hand, in double precision, on a flat
 * parameter vector: the tests' independent oracle for the DL4J reference.
 *
 * <p>Flat layout: W¹ (row-major m × d), b¹, W², b², …, Wᴸ, bᴸ, a, c; every entry is present,
 * whether trained or not ({@link #trained}). The gradient is backpropagation of L = (1/B) Σᵢ
 * (f(xᵢ) − yᵢ)² with the spec's σ′ ({@link Activation#derivative}); {@link #numericGradient}
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
    double[] out = new double[n + p.width() + 1];
    int at = 0;
    for (int l = 0; l < p.depth(); l++) {
      System.arraycopy(p.weights()[l], 0, out, at, p.weights()[l].length);
      at += p.weights()[l].length;
      System.arraycopy(p.biases()[l], 0, out, at, p.width());
      at += p.width();
    }
    System.arraycopy(p.a(), 0, out, at, p.width());
    out[at + p.width()] = p.c();
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
    double[] a = java.util.Arrays.copyOfRange(theta, at, at + m);
    return shape.with(w, b, a, theta[at + m]);
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
    for (int j = 0; j < p.width(); j++) {
      out[at++] = p.trainOutput();
    }
    out[at] = p.trainOutput() && p.bias();
    return out;
  }

  /** L = (1/B) Σᵢ (f(xᵢ) − yᵢ)². */
  static double loss(NetworkParameters p, double[][] xs, double[] ys) {
    double sum = 0;
    for (int i = 0; i < xs.length; i++) {
      double e = p.output(xs[i], 0) - ys[i];
      sum += e * e;
    }
    return sum / xs.length;
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
    double[] ga = new double[m];
    double gc = 0;
    for (int i = 0; i < xs.length; i++) {
      double[][] h = new double[depth + 1][];
      double[][] z = new double[depth][m];
      h[0] = xs[i];
      for (int l = 0; l < depth; l++) {
        int fan = p.fanIn(l);
        h[l + 1] = new double[m];
        for (int j = 0; j < m; j++) {
          double s = p.biases()[l][j];
          for (int k = 0; k < fan; k++) {
            s += p.weights()[l][j * fan + k] * h[l][k];
          }
          z[l][j] = s;
          h[l + 1][j] = act.apply(s);
        }
      }
      double f = p.c();
      for (int j = 0; j < m; j++) {
        f += p.a()[j] * h[depth][j];
      }
      double df = 2 * (f - ys[i]) / xs.length;
      gc += df;
      double[] delta = new double[m];
      for (int j = 0; j < m; j++) {
        ga[j] += df * h[depth][j];
        delta[j] = df * p.a()[j] * act.derivative(z[depth - 1][j]);
      }
      for (int l = depth - 1; l >= 0; l--) {
        int fan = p.fanIn(l);
        double[] below = new double[fan];
        for (int j = 0; j < m; j++) {
          gb[l][j] += delta[j];
          for (int k = 0; k < fan; k++) {
            gw[l][j * fan + k] += delta[j] * h[l][k];
            below[k] += p.weights()[l][j * fan + k] * delta[j];
          }
        }
        if (l > 0) {
          for (int k = 0; k < fan; k++) {
            below[k] *= act.derivative(z[l - 1][k]);
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
