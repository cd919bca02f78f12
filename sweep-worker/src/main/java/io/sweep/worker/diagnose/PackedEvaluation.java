package io.sweep.worker.diagnose;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import java.nio.DoubleBuffer;
import java.util.List;

/**
 * {@link Evaluation#meanSquaredError} on the test set and the norm of {@link
 * Evaluation#lossGradient} on the training set for many networks of one shape that share their
 * samples (the replicas of one seed in a pack), as few matrix products on reusable native buffers
 * ({@link OffHeapDoubles}, {@link PointerGemm}).
 *
 * <p>The g networks of a chunk sit side by side: layer l's activations are one n × (g·m) matrix
 * whose columns r·m … r·m + m − 1 are network r's. The first layer of all of them is one product,
 * X·[W¹₁ … W¹_g]ᵀ, and so is its gradient, Δᵀ·X (X is n × d with d small: one wide product
 * instead of g narrow ones); the per-network products (deeper layers, output, backward through
 * them) read and write their block of the wide matrices in place, with strides. The activation
 * and its derivative run as one loop per matrix ({@link ActivationLoops}).
 *
 * <p>Same terms as {@link Evaluation}, so the same numbers to rounding (BLAS may block the wider
 * products differently). Chunks of at most {@code capacity} networks bound the memory: one
 * chunk's (2L + 2) activation-sized matrices.
 *
 * <p>Holds native memory until {@link #close()}. Not thread-safe.
 */
final class PackedEvaluation implements AutoCloseable {

  /** Doubles of the activation-sized buffers of one chunk: 2²² (32 MiB). */
  static final long BUDGET = 1L << 22;

  private final Samples train;
  private final Samples test;
  private final int d;
  private final int m;
  private final int k;
  private final int depth;
  private final Activation sigma;
  private final boolean bias;
  private final boolean trainOutput;
  /** Networks per chunk. */
  private final int capacity;

  private final OffHeapDoubles xTrain;
  private final OffHeapDoubles xTest;
  /** Per layer: the chunk's stacked Wˡ (g·m × fan-in). */
  private final OffHeapDoubles[] weights;
  private final double[][] biases;
  /** The chunk's stacked A (g·k × m) and c (g·k). */
  private final OffHeapDoubles a;
  private final double[] c;
  /** Per layer: Hˡ = σ(Zˡ) and σ′(Zˡ), n × g·m. */
  private final OffHeapDoubles[] hidden;
  private final OffHeapDoubles[] slopes;
  /** F, then the residual R = F + c − Y: n × g·k. */
  private final OffHeapDoubles out;
  private OffHeapDoubles delta;
  private OffHeapDoubles below;
  /** Per layer: ∇Wˡ stacked (g·m × fan-in); ∇A stacked (g·k × m). */
  private final OffHeapDoubles[] weightGradients;
  private final OffHeapDoubles outputGradient;
  private final double[][] biasGradients;
  private final double[] outputBiasGradient;

  /**
   * @param shape   a network of the shape every evaluated one has
   * @param largest the most networks {@link #evaluate} will be given at once (the chunk size is
   *                at most this)
   */
  PackedEvaluation(Samples train, Samples test, NetworkParameters shape, int largest) {
    this(train, test, shape, largest, BUDGET);
  }

  /** As above with another bound on a chunk's activation-sized buffers, in doubles (tests). */
  PackedEvaluation(Samples train, Samples test, NetworkParameters shape, int largest,
      long budget) {
    if (train.d() != shape.inputDim() || test.d() != shape.inputDim()) {
      throw new IllegalArgumentException("data have dimension " + train.d() + " / " + test.d()
          + ", the networks " + shape.inputDim());
    }
    Diagnostics.checkOutputs(shape, train);
    Diagnostics.checkOutputs(shape, test);
    this.train = train;
    this.test = test;
    d = shape.inputDim();
    m = shape.width();
    k = shape.outputDim();
    depth = shape.depth();
    sigma = shape.activation();
    bias = shape.bias();
    trainOutput = shape.trainOutput();
    int n = Math.max(train.n(), test.n());
    long perNetwork = (long) n * m * (2L * depth + 2) + (long) n * k;
    capacity = (int) Math.max(1, Math.min(Math.max(1, largest), budget / perNetwork));
    int wide = Math.multiplyExact(capacity, m);
    int activations = Math.multiplyExact(n, wide);

    xTrain = new OffHeapDoubles(train.x().length);
    xTrain.put(0, train.x());
    xTest = new OffHeapDoubles(test.x().length);
    xTest.put(0, test.x());
    weights = new OffHeapDoubles[depth];
    weightGradients = new OffHeapDoubles[depth];
    biases = new double[depth][wide];
    biasGradients = new double[depth][wide];
    hidden = new OffHeapDoubles[depth];
    slopes = new OffHeapDoubles[depth];
    for (int l = 0; l < depth; l++) {
      weights[l] = new OffHeapDoubles(Math.multiplyExact(wide, shape.fanIn(l)));
      weightGradients[l] = new OffHeapDoubles(weights[l].length);
      hidden[l] = new OffHeapDoubles(activations);
      slopes[l] = new OffHeapDoubles(activations);
    }
    a = new OffHeapDoubles(Math.multiplyExact(wide, k));
    outputGradient = new OffHeapDoubles(a.length);
    c = new double[capacity * k];
    outputBiasGradient = new double[capacity * k];
    out = new OffHeapDoubles(Math.multiplyExact(n, capacity * k));
    delta = new OffHeapDoubles(activations);
    below = new OffHeapDoubles(activations);
  }

  /** Networks per chunk: at most {@code largest}, fewer when their samples are many. */
  int capacity() {
    return capacity;
  }

  /**
   * Evaluates the networks: {@code testLoss[i]} = {@code Evaluation.meanSquaredError(p_i, test)},
   * {@code gradNorm[i]} = ‖{@code Evaluation.lossGradient(p_i, train)}‖, to rounding.
   *
   * @param networks networks of the constructor's shape, every parameter finite
   */
  void evaluate(List<NetworkParameters> networks, double[] testLoss, double[] gradNorm) {
    for (int from = 0; from < networks.size(); from += capacity) {
      List<NetworkParameters> chunk =
          networks.subList(from, Math.min(networks.size(), from + capacity));
      load(chunk);
      int g = chunk.size();
      forward(xTest, test.n(), g, false);
      testLosses(g, testLoss, from);
      forward(xTrain, train.n(), g, true);
      gradientNorms(g, gradNorm, from);
    }
  }

  /** Stacks the chunk's parameters into the native buffers. */
  private void load(List<NetworkParameters> chunk) {
    for (int r = 0; r < chunk.size(); r++) {
      NetworkParameters p = chunk.get(r);
      if (p.width() != m || p.depth() != depth || p.inputDim() != d || p.outputDim() != k
          || p.activation() != sigma || p.bias() != bias || p.trainOutput() != trainOutput) {
        throw new IllegalArgumentException("network " + r + " has another shape than the pack's");
      }
      for (int l = 0; l < depth; l++) {
        weights[l].put(r * m * p.fanIn(l), p.weights()[l]);
        System.arraycopy(p.biases()[l], 0, biases[l], r * m, m);
      }
      a.put(r * k * m, p.a());
      System.arraycopy(p.outputBias(), 0, c, r * k, k);
    }
  }

  /**
   * Hˡ of every layer for the first g networks on the n rows of x, and F = Hᴸ Aᵀ (without c)
   * into {@code out}; σ′(Zˡ) too when {@code keepSlopes}.
   */
  private void forward(OffHeapDoubles x, int n, int g, boolean keepSlopes) {
    int wide = g * m;
    for (int l = 0; l < depth; l++) {
      OffHeapDoubles h = hidden[l];
      if (l == 0) {
        PointerGemm.multiply(false, true, n, wide, d, x, 0, d, weights[0], 0, d, h, 0, wide);
      } else {
        for (int r = 0; r < g; r++) {
          PointerGemm.multiply(false, true, n, m, m, hidden[l - 1], (long) r * m, wide,
              weights[l], (long) r * m * m, m, h, (long) r * m, wide);
        }
      }
      ActivationLoops.apply(sigma, h.buffer, keepSlopes ? slopes[l].buffer : null, biases[l], n,
          wide);
    }
    OffHeapDoubles last = hidden[depth - 1];
    for (int r = 0; r < g; r++) {
      PointerGemm.multiply(false, true, n, k, m, last, (long) r * m, wide, a, (long) r * k * m, m,
          out, (long) r * k, g * k);
    }
  }

  /** (1/(n·k)) Σᵢ Σₒ (Fᵢₒ + cₒ − Yᵢₒ)² per network, as {@link Evaluation#meanSquaredError}. */
  private void testLosses(int g, double[] testLoss, int from) {
    int n = test.n();
    double[] y = test.y();
    DoubleBuffer f = out.buffer;
    int cols = g * k;
    double[] sums = new double[g];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < g; r++) {
        double ss = 0;
        for (int o = 0; o < k; o++) {
          int col = r * k + o;
          double e = (f.get(i * cols + col) + c[col]) - y[i * k + o];
          ss += e * e;
        }
        sums[r] += ss;
      }
    }
    for (int r = 0; r < g; r++) {
      testLoss[from + r] = sums[r] / ((double) n * k);
    }
  }

  /**
   * The backward pass of {@link Evaluation#lossGradient} for the first g networks after a forward
   * pass over the training set, and the norm of each one's gradient.
   */
  private void gradientNorms(int g, double[] gradNorm, int from) {
    int n = train.n();
    int wide = g * m;
    int cols = g * k;
    double[] y = train.y();
    DoubleBuffer res = out.buffer;
    for (int i = 0; i < n; i++) {
      for (int col = 0; col < cols; col++) {
        int at = i * cols + col;
        res.put(at, res.get(at) + (c[col] - y[i * k + col % k]));
      }
    }
    OffHeapDoubles last = hidden[depth - 1];
    if (trainOutput) {
      for (int r = 0; r < g; r++) {
        PointerGemm.multiply(true, false, k, m, n, out, (long) r * k, cols, last, (long) r * m,
            wide, outputGradient, (long) r * k * m, m);
      }
      if (bias) {
        columnSums(res, n, cols, outputBiasGradient);
      }
    }
    for (int r = 0; r < g; r++) {
      PointerGemm.multiply(false, false, n, m, k, out, (long) r * k, cols, a, (long) r * k * m, m,
          delta, (long) r * m, wide);
    }
    for (int l = depth - 1; l >= 0; l--) {
      multiplyInPlace(delta.buffer, slopes[l].buffer, n * wide);
      if (l == 0) {
        PointerGemm.multiply(true, false, wide, d, n, delta, 0, wide, xTrain, 0, d,
            weightGradients[0], 0, d);
      } else {
        for (int r = 0; r < g; r++) {
          PointerGemm.multiply(true, false, m, m, n, delta, (long) r * m, wide, hidden[l - 1],
              (long) r * m, wide, weightGradients[l], (long) r * m * m, m);
        }
      }
      if (bias) {
        columnSums(delta.buffer, n, wide, biasGradients[l]);
      }
      if (l > 0) {
        for (int r = 0; r < g; r++) {
          PointerGemm.multiply(false, false, n, m, m, delta, (long) r * m, wide, weights[l],
              (long) r * m * m, m, below, (long) r * m, wide);
        }
        OffHeapDoubles swap = delta;
        delta = below;
        below = swap;
      }
    }
    double scale = 2.0 / ((double) n * k);
    for (int r = 0; r < g; r++) {
      double ss = 0;
      for (int l = 0; l < depth; l++) {
        int block = m * (l == 0 ? d : m);
        ss += squares(weightGradients[l].buffer, r * block, block, scale);
        if (bias) {
          ss += squares(biasGradients[l], r * m, m, scale);
        }
      }
      if (trainOutput) {
        ss += squares(outputGradient.buffer, r * k * m, k * m, scale);
        if (bias) {
          ss += squares(outputBiasGradient, r * k, k, scale);
        }
      }
      gradNorm[from + r] = Math.sqrt(ss);
    }
  }

  /** out[j] = Σᵢ a[i·cols + j] for the rows × cols row-major a. */
  private static void columnSums(DoubleBuffer a, int rows, int cols, double[] out) {
    java.util.Arrays.fill(out, 0, cols, 0.0);
    for (int i = 0; i < rows; i++) {
      int row = i * cols;
      for (int j = 0; j < cols; j++) {
        out[j] += a.get(row + j);
      }
    }
  }

  private static void multiplyInPlace(DoubleBuffer a, DoubleBuffer b, int length) {
    for (int i = 0; i < length; i++) {
      a.put(i, a.get(i) * b.get(i));
    }
  }

  /** Σ (scale · vᵢ)² over {@code length} entries from {@code from}: the scaled gradient's. */
  private static double squares(DoubleBuffer v, int from, int length, double scale) {
    double ss = 0;
    for (int i = from; i < from + length; i++) {
      double e = v.get(i) * scale;
      ss += e * e;
    }
    return ss;
  }

  private static double squares(double[] v, int from, int length, double scale) {
    double ss = 0;
    for (int i = from; i < from + length; i++) {
      double e = v[i] * scale;
      ss += e * e;
    }
    return ss;
  }

  @Override
  public void close() {
    xTrain.close();
    xTest.close();
    for (int l = 0; l < depth; l++) {
      weights[l].close();
      weightGradients[l].close();
      hidden[l].close();
      slopes[l].close();
    }
    a.close();
    outputGradient.close();
    out.close();
    delta.close();
    below.close();
  }
}
