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
 * <p>Neuron-major: layer l's activations of a chunk of g networks are one (g·m) × n matrix, row
 * r·m + j = neuron j of network r over the n samples. The first layer of all of them is one
 * product, [W¹₁; …; W¹_g]·Xᵀ, and so is its gradient, Δ·X (X is n × d with d small: one wide
 * product instead of g narrow ones; in this orientation OpenBLAS runs the product ≈ 1.5× faster
 * than X·Wᵀ, 34 against 22 GFLOP/s at d = 20); deeper layers are one product per network on its
 * contiguous block. The last hidden layer is a pass over each network's m rows, in cache: σ and
 * σ′ ({@link ActivationLoops}), F = Aσ(Zᴸ) + c as axpys, the residual and squared error, ∇A, ∇c,
 * ∇bᴸ and Δᴸ = (AᵀR) ∘ σ′(Zᴸ), so that F is never a product of its own (for k = 1 a
 * matrix-vector product, memory-bound as a BLAS call per network).
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
   * project machine; 16 replicas of the bench shape). One chunk of 64, whose 8-MiB matrices go
   * through memory on every pass, measured ≈ 1.2–1.5× slower.
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
  /** Per layer: Hˡ = σ(Zˡ) (Zᴸ only, in the last) and σ′(Zˡ) (below the last), g·m × n. */
  private final OffHeapDoubles[] hidden;
  private final OffHeapDoubles[] slopes;
  private OffHeapDoubles delta;
  private OffHeapDoubles below;
  /** Per layer: ∇Wˡ stacked (g·m × fan-in) and ∇bˡ; ∇A stacked (g·k × m) and ∇c. */
  private final OffHeapDoubles[] weightGradients;
  private final double[][] biasGradients;
  private final double[] outputGradient;
  private final double[] outputBiasGradient;
  /** One network's last layer: σ(Zᴸ) and σ′(Zᴸ) (m × n), F then R (k × n); one row. */
  private final double[] hBlock;
  private final double[] sBlock;
  private final double[] outputs;
  private final double[] row;
  private final double[] rowSlope;

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
    hBlock = new double[Math.multiplyExact(m, n)];
    sBlock = new double[hBlock.length];
    outputs = new double[Math.multiplyExact(k, n)];
    row = new double[n];
    rowSlope = new double[n];
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
      for (int r = 0; r < g; r++) {
        testLoss[from + r] = testLoss(r);
      }
      forward(xTrain, train.n(), g, true);
      for (int r = 0; r < g; r++) {
        lastLayerBackward(r);
      }
      backward(g, gradNorm, from);
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
   * For the first g networks on the n samples of x: Hˡ of the layers below the last (and σ′(Zˡ)
   * when {@code keepSlopes}), and the last layer's Zᴸ without its bias, in {@code hidden}.
   */
  private void forward(OffHeapDoubles x, int n, int g, boolean keepSlopes) {
    int wide = g * m;
    for (int l = 0; l < depth; l++) {
      OffHeapDoubles h = hidden[l];
      if (l == 0) {
        PointerGemm.multiply(false, true, wide, n, d, weights[0], 0, d, x, 0, d, h, 0, n);
      } else {
        for (int r = 0; r < g; r++) {
          long block = (long) r * m * n;
          PointerGemm.multiply(false, false, m, n, m, weights[l], (long) r * m * m, m,
              hidden[l - 1], block, n, h, block, n);
        }
      }
      if (l < depth - 1) {
        ActivationLoops.apply(sigma, h.buffer, keepSlopes ? slopes[l].buffer : null, biases[l],
            wide, n, row, rowSlope);
      }
    }
  }

  /**
   * Network r's last layer after a forward pass of n samples: σ(Zᴸ + bᴸ) and σ′ into {@link
   * #hBlock} and {@link #sBlock} (neuron j's row at j·n), and the outputs without c, F = A·Hᴸ
   * (k × n: output o of sample i at {@code outputs[o·n + i]}).
   */
  private void lastLayer(int r, int n) {
    DoubleBuffer z = hidden[depth - 1].buffer;
    double[] b = biases[depth - 1];
    z.get(r * m * n, hBlock, 0, m * n);
    java.util.Arrays.fill(outputs, 0, k * n, 0.0);
    for (int j = 0; j < m; j++) {
      int at = j * n;
      ActivationLoops.apply(sigma, hBlock, sBlock, at, n, b[r * m + j]);
      for (int o = 0; o < k; o++) {
        double aoj = a[(r * k + o) * m + j];
        int f = o * n;
        for (int i = 0; i < n; i++) {
          outputs[f + i] += aoj * hBlock[at + i];
        }
      }
    }
  }

  /** (1/(n·k)) Σᵢ Σₒ (Fᵢₒ + cₒ − Yᵢₒ)² of network r, as {@link Evaluation#meanSquaredError}. */
  private double testLoss(int r) {
    int n = test.n();
    lastLayer(r, n);
    double[] y = test.y();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < k; o++) {
        double e = (outputs[o * n + i] + c[r * k + o]) - y[i * k + o];
        sum += e * e;
      }
    }
    return sum / ((double) n * k);
  }

  /**
   * The last layer of {@link Evaluation#lossGradient}'s backward pass for network r, after the
   * forward pass over the training set: R = F + (c − Y), ∇A = R·Hᴸᵀ and ∇c = R·1 (trained
   * output), Δᴸ = (AᵀR) ∘ σ′(Zᴸ) into {@link #delta} and ∇bᴸ = Δᴸ·1 (unscaled).
   */
  private void lastLayerBackward(int r) {
    int n = train.n();
    lastLayer(r, n);
    double[] y = train.y();
    for (int o = 0; o < k; o++) {
      int col = r * k + o;
      int f = o * n;
      double co = c[col];
      for (int i = 0; i < n; i++) {
        outputs[f + i] += co - y[i * k + o];
      }
      if (trainOutput) {
        for (int j = 0; j < m; j++) {
          outputGradient[col * m + j] = dot(outputs, f, hBlock, j * n, n);
        }
        if (bias) {
          double sum = 0;
          for (int i = 0; i < n; i++) {
            sum += outputs[f + i];
          }
          outputBiasGradient[col] = sum;
        }
      }
    }
    DoubleBuffer deltas = delta.buffer;
    double[] lastBias = biasGradients[depth - 1];
    for (int j = 0; j < m; j++) {
      int at = j * n;
      double a0 = a[r * k * m + j];
      for (int i = 0; i < n; i++) {
        row[i] = outputs[i] * a0;
      }
      for (int o = 1; o < k; o++) {
        double ao = a[(r * k + o) * m + j];
        int f = o * n;
        for (int i = 0; i < n; i++) {
          row[i] += outputs[f + i] * ao;
        }
      }
      for (int i = 0; i < n; i++) {
        row[i] *= sBlock[at + i];
      }
      if (bias) { // a sequential sum: latency-bound, so only when it is needed
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum += row[i];
        }
        lastBias[r * m + j] = sum;
      }
      deltas.put((r * m + j) * n, row, 0, n);
    }
  }

  /**
   * The rest of {@link Evaluation#lossGradient}'s backward pass for the first g networks, from
   * Δᴸ, and the norm of each one's gradient.
   */
  private void backward(int g, double[] gradNorm, int from) {
    int n = train.n();
    int wide = g * m;
    for (int l = depth - 1; l >= 0; l--) {
      if (l < depth - 1) {
        slopeAndRowSums(delta.buffer, slopes[l].buffer, biasGradients[l], wide, n);
      }
      if (l == 0) {
        PointerGemm.multiply(false, false, wide, d, n, delta, 0, n, xTrain, 0, d,
            weightGradients[0], 0, d);
      } else {
        for (int r = 0; r < g; r++) {
          long block = (long) r * m * n;
          PointerGemm.multiply(false, true, m, m, n, delta, block, n, hidden[l - 1], block, n,
              weightGradients[l], (long) r * m * m, m);
          PointerGemm.multiply(true, false, m, n, m, weights[l], (long) r * m * m, m, delta,
              block, n, below, block, n);
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

  /** Δ ← Δ ∘ S row by row (rows × cols), and sums[i] = Σⱼ Δᵢⱼ after. */
  private void slopeAndRowSums(DoubleBuffer delta, DoubleBuffer slope, double[] sums, int rows,
      int cols) {
    for (int i = 0; i < rows; i++) {
      delta.get(i * cols, row, 0, cols);
      slope.get(i * cols, rowSlope, 0, cols);
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        row[j] *= rowSlope[j];
        sum += row[j];
      }
      sums[i] = sum;
      delta.put(i * cols, row, 0, cols);
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
