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
 * instead of g narrow ones); the per-network products of deeper layers read and write their
 * block of the wide matrices in place, with strides. The last hidden layer is one pass over the
 * rows of Zᴸ, each row in cache: σ and σ′ ({@link ActivationLoops}), the outputs F = Hᴸ Aᵀ + c,
 * the residual and squared error, ∇A, ∇c, ∇bᴸ and Δᴸ = (R A) ∘ σ′(Zᴸ), so that neither Hᴸ nor F
 * is ever stored (for k = 1 those are matrix-vector products, memory-bound as BLAS calls).
 *
 * <p>Same terms as {@link Evaluation}, so the same numbers to rounding (sums in another order).
 * Chunks of at most {@code capacity} networks keep one chunk's activation-sized matrices within
 * {@link #BUDGET} doubles: small enough to stay in the processor's caches between passes.
 *
 * <p>Holds native memory until {@link #close()}. Not thread-safe.
 */
final class PackedEvaluation implements AutoCloseable {

  /**
   * Doubles of the activation-sized buffers of one chunk: 2¹⁹ (4 MiB, L2 and a little L3 of the
   * project machine). Chunks of 7 replicas of the bench shape: as fast as 3, and 1.5× faster than
   * one chunk of 64, whose 8-MiB matrices go through memory on every pass.
   */
  static final long BUDGET = 1L << 19;

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
  /** Per layer: the chunk's stacked Wˡ (g·m × fan-in), and bˡ (g·m). */
  private final OffHeapDoubles[] weights;
  private final double[][] biases;
  /** The chunk's stacked A (g·k × m) and c (g·k). */
  private final double[] a;
  private final double[] c;
  /** Per layer: Hˡ = σ(Zˡ) (Zᴸ only, in the last) and σ′(Zˡ) (below the last), n × g·m. */
  private final OffHeapDoubles[] hidden;
  private final OffHeapDoubles[] slopes;
  private OffHeapDoubles delta;
  private OffHeapDoubles below;
  /** Per layer: ∇Wˡ stacked (g·m × fan-in) and ∇bˡ; ∇A stacked (g·k × m) and ∇c. */
  private final OffHeapDoubles[] weightGradients;
  private final double[][] biasGradients;
  private final double[] outputGradient;
  private final double[] outputBiasGradient;
  /** One row of Hᴸ, σ′(Zᴸ) and Δᴸ, and one sample's residuals. */
  private final double[] hRow;
  private final double[] sRow;
  private final double[] dRow;
  private final double[] residual;

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
    long perNetwork = (long) n * m * (2L * depth + (depth > 1 ? 1 : 0));
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
      if (l < depth - 1) {
        slopes[l] = new OffHeapDoubles(activations);
      }
    }
    a = new double[Math.multiplyExact(wide, k)];
    c = new double[capacity * k];
    outputGradient = new double[a.length];
    outputBiasGradient = new double[c.length];
    delta = new OffHeapDoubles(activations);
    below = depth > 1 ? new OffHeapDoubles(activations) : null;
    hRow = new double[wide];
    sRow = new double[wide];
    dRow = new double[wide];
    residual = new double[k];
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
      lastLayerBackward(g);
      gradientNorms(g, gradNorm, from);
    }
    for (int i = 0; i < networks.size(); i++) {
      if (!Double.isFinite(testLoss[i]) || !Double.isFinite(gradNorm[i])) {
        // Overflow inside the network (finite parameters, non-finite sums): Evaluation's numbers,
        // whose scalar relu maps a NaN sum to 0 where ActivationLoops keeps it.
        NetworkParameters p = networks.get(i);
        testLoss[i] = Evaluation.meanSquaredError(p, test);
        gradNorm[i] = TheoryMetrics.norm(Evaluation.lossGradient(p, train));
      }
    }
  }

  /** Stacks the chunk's parameters into the buffers. */
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
      System.arraycopy(p.a(), 0, a, r * k * m, k * m);
      System.arraycopy(p.outputBias(), 0, c, r * k, k);
    }
  }

  /**
   * For the first g networks on the n rows of x: Hˡ of the layers below the last (and σ′(Zˡ) when
   * {@code keepSlopes}), and the last layer's Zᴸ without its bias, in {@code hidden}.
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
      if (l < depth - 1) {
        ActivationLoops.apply(sigma, h.buffer, keepSlopes ? slopes[l].buffer : null, biases[l],
            n, wide);
      }
    }
  }

  /** Row i of the last layer into {@link #hRow} (σ(Zᴸ + bᴸ)) and {@link #sRow} (σ′). */
  private void lastLayerRow(int i, int wide) {
    hidden[depth - 1].buffer.get(i * wide, hRow, 0, wide);
    ActivationLoops.apply(sigma, hRow, sRow, biases[depth - 1], wide);
  }

  /** (1/(n·k)) Σᵢ Σₒ (Fᵢₒ + cₒ − Yᵢₒ)² per network, as {@link Evaluation#meanSquaredError}. */
  private void testLosses(int g, double[] testLoss, int from) {
    int n = test.n();
    int wide = g * m;
    double[] y = test.y();
    double[] sums = new double[g];
    for (int i = 0; i < n; i++) {
      lastLayerRow(i, wide);
      for (int r = 0; r < g; r++) {
        for (int o = 0; o < k; o++) {
          int col = r * k + o;
          double e = (dot(hRow, r * m, a, col * m, m) + c[col]) - y[i * k + o];
          sums[r] += e * e;
        }
      }
    }
    for (int r = 0; r < g; r++) {
      testLoss[from + r] = sums[r] / ((double) n * k);
    }
  }

  /**
   * The last layer of {@link Evaluation#lossGradient}'s backward pass, row by row after the
   * forward pass over the training set: R = F + (c − Y), ∇A = RᵀHᴸ and ∇c = 1ᵀR (trained output),
   * Δᴸ = (R A) ∘ σ′(Zᴸ) into {@link #delta} and ∇bᴸ = 1ᵀΔᴸ (unscaled).
   */
  private void lastLayerBackward(int g) {
    int n = train.n();
    int wide = g * m;
    double[] y = train.y();
    double[] lastBias = biasGradients[depth - 1];
    java.util.Arrays.fill(outputGradient, 0, g * k * m, 0.0);
    java.util.Arrays.fill(outputBiasGradient, 0, g * k, 0.0);
    java.util.Arrays.fill(lastBias, 0, wide, 0.0);
    DoubleBuffer deltas = delta.buffer;
    for (int i = 0; i < n; i++) {
      lastLayerRow(i, wide);
      for (int r = 0; r < g; r++) {
        int h0 = r * m;
        for (int o = 0; o < k; o++) {
          int col = r * k + o;
          double res = dot(hRow, h0, a, col * m, m) + (c[col] - y[i * k + o]);
          residual[o] = res;
          if (trainOutput) {
            int at = col * m;
            for (int j = 0; j < m; j++) {
              outputGradient[at + j] += res * hRow[h0 + j];
            }
            if (bias) {
              outputBiasGradient[col] += res;
            }
          }
        }
        int a0 = r * k * m;
        double r0 = residual[0];
        for (int j = 0; j < m; j++) {
          dRow[h0 + j] = r0 * a[a0 + j];
        }
        for (int o = 1; o < k; o++) {
          double ro = residual[o];
          int ao = a0 + o * m;
          for (int j = 0; j < m; j++) {
            dRow[h0 + j] += ro * a[ao + j];
          }
        }
        for (int j = 0; j < m; j++) {
          dRow[h0 + j] *= sRow[h0 + j];
        }
      }
      if (bias) {
        for (int j = 0; j < wide; j++) {
          lastBias[j] += dRow[j];
        }
      }
      deltas.put(i * wide, dRow, 0, wide);
    }
  }

  /**
   * The rest of {@link Evaluation#lossGradient}'s backward pass for the first g networks, from
   * Δᴸ, and the norm of each one's gradient.
   */
  private void gradientNorms(int g, double[] gradNorm, int from) {
    int n = train.n();
    int wide = g * m;
    for (int l = depth - 1; l >= 0; l--) {
      if (l < depth - 1) {
        multiplyInPlace(delta.buffer, slopes[l].buffer, n * wide);
        if (bias) {
          columnSums(delta.buffer, n, wide, biasGradients[l]);
        }
      }
      if (l == 0) {
        PointerGemm.multiply(true, false, wide, d, n, delta, 0, wide, xTrain, 0, d,
            weightGradients[0], 0, d);
      } else {
        for (int r = 0; r < g; r++) {
          PointerGemm.multiply(true, false, m, m, n, delta, (long) r * m, wide, hidden[l - 1],
              (long) r * m, wide, weightGradients[l], (long) r * m * m, m);
        }
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
        ss += squares(outputGradient, r * k * m, k * m, scale);
        if (bias) {
          ss += squares(outputBiasGradient, r * k, k, scale);
        }
      }
      gradNorm[from + r] = Math.sqrt(ss);
    }
  }

  /** Σⱼ x[xAt + j]·y[yAt + j], j &lt; length, in four independent sums (not latency-bound). */
  private static double dot(double[] x, int xAt, double[] y, int yAt, int length) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 3 < length; j += 4) {
      s0 += x[xAt + j] * y[yAt + j];
      s1 += x[xAt + j + 1] * y[yAt + j + 1];
      s2 += x[xAt + j + 2] * y[yAt + j + 2];
      s3 += x[xAt + j + 3] * y[yAt + j + 3];
    }
    for (; j < length; j++) {
      s0 += x[xAt + j] * y[yAt + j];
    }
    return (s0 + s1) + (s2 + s3);
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
      if (slopes[l] != null) {
        slopes[l].close();
      }
    }
    delta.close();
    if (below != null) {
      below.close();
    }
  }
}
