package io.sweep.worker.pack;

import io.sweep.worker.spec.Activation;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarDivision;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSet;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Cube;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SoftPlus;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;

/**
 * The tensors of a pack of R replicas of a network with L hidden layers of width m and k outputs,
 *
 * <pre>{@code
 * h⁰ = x,   hˡ = σ(Wˡ hˡ⁻¹ + bˡ)  (l = 1 … L),   f(x) = A hᴸ + c ∈ ℝᵏ   (k = 1: a·hᴸ + c)
 * }</pre>
 *
 * and the fixed sequence of native calls that makes one optimiser step on all of them.
 *
 * <p><b>Layout</b> (float32, row-major; m = width, d = input dimension, d̃ = d + 1 with biases, d
 * without; B̂ = the largest batch size of the schedule; replica r owns columns r·m … r·m + m − 1 of
 * every "wide" matrix):
 *
 * <ul>
 *   <li>{@code w[0]}: R·m × d̃, row r·m + j is replica r's neuron j of layer 1: its d weights, then
 *       its bias (each replica's block of m rows is contiguous); {@code w[l]} (l ≥ 1, layer l + 1):
 *       R·m × m, replica r's block of m rows contiguous; {@code b[l]} (l ≥ 1, with bias): R·m;
 *   <li>{@code a}: R·k·m output weights, replica r's A (k × m row-major) from r·k·m; {@code c}:
 *       R·k output biases, replica r's from r·k (k = 1: a is R·m, c is R);
 *   <li>{@code x}: the inputs, with a trailing column of ones when there are biases; fused path
 *       B̂ × d̃ shared by all replicas, general path R blocks of B̂ × d̃;
 *   <li>per layer {@code h[l]} (and {@code z[l]}, the pre-activation, for gelu, cubic and
 *       softplus; relu, tanh and linear apply σ in place and take σ′ from h), {@code delta[l]}:
 *       B̂ × R·m; {@code out}, {@code target}, {@code scaled}: B̂ × R·k, replica r's outputs in
 *       columns r·k … r·k + k − 1;
 *   <li>with momentum or weight decay ({@code velocity}), one velocity tensor per trained
 *       parameter tensor, same layout.
 * </ul>
 *
 * <p>Only the first B rows take part in a step of batch size B ({@link #batch(int)}): every BLAS
 * call uses B; the element-wise ops run over all B̂ rows, the rows past B holding stale values
 * that nothing reads.
 *
 * <p><b>One step</b> (s = 2η/B per replica on the plain SGD path, which folds η into the
 * residuals and updates θ in place; s = 2/B on the velocity path, which accumulates the gradient
 * g into v and then moves θ):
 *
 * <pre>{@code
 * forward:   Z¹ = X W¹ᵀ (1 GEMM fused, R GEMMs general); Zˡ = Hˡ⁻¹ Wˡᵀ + 1 bˡᵀ (R GEMMs, 1 GER)
 *            Hˡ = σ(Zˡ);  P = Hᴸ ⊙ a;  O = P·1 (GEMV)
 * residual:  E = O − Ỹ + 1 cᵀ (AXPY, GER);  Σ E² (DOT) for the divergence check
 * backward:  Ē = E ⊙ s;  Dᴸ = σ'(Zᴸ) ⊙ a ⊙ Ē
 *            velocity path only: v ← μ v + λ θ for every trained tensor (SCAL, AXPY per replica)
 *            a −= Hᴸᵣᵀ Ēᵣ (R GEMVs), c −= Ēᵀ 1 (GEMV)           (velocity path: v += …)
 *            for l = L … 2:  Dˡ⁻¹ = (Dˡᵣ Wˡᵣ) ⊙ σ'(Zˡ⁻¹) (R GEMMs), then
 *                            Wˡ −= Dˡᵣᵀ Hˡ⁻¹ᵣ (R GEMMs), bˡ −= Dˡᵀ 1 (GEMV)
 *            W¹ −= D¹ᵀ X (1 or R GEMMs)
 *            velocity path only: θᵣ −= ηᵣ vᵣ (AXPY per replica and tensor)
 * }</pre>
 *
 * <p><b>Several outputs</b> (k &gt; 1) replace the fused output products by one small product per
 * replica (the k = 1 path above is untouched):
 *
 * <pre>{@code
 * forward:   Oᵣ = Hᴸᵣ Aᵣᵀ (R GEMMs, B × k)
 * residual:  as above over B × R·k, with s repeated over each replica's k columns
 * backward:  Dᴸᵣ = (Ēᵣ Aᵣ) ⊙ σ'(Zᴸᵣ) (R GEMMs, then the mask)
 *            Aᵣ −= Ēᵣᵀ Hᴸᵣ (R GEMMs), c −= Ēᵀ 1 (GEMV)
 * }</pre>
 *
 * <p>Each Dˡ⁻¹ is formed before Wˡ moves, so every gradient is taken at the parameters before the
 * step. For depth 1 on the plain path this is exactly release 0.1.0's sequence (6 or 7 ND4J
 * element-wise ops and 7 BLAS calls plus one small GEMV per replica). Nothing is allocated per
 * step. A frozen output ({@code trainOutput} false) leaves a and c alone. A replica whose s is 0
 * (and, on the velocity path, whose η, μ, λ are 0) is frozen: none of its parameters moves. Not
 * thread-safe.
 */
final class PackTensors implements AutoCloseable {

  final int replicas;
  /** B̂: the rows of every batch-sized buffer. */
  final int maxBatch;
  final int inputDim;
  final int rows;
  final int width;
  final int wide;
  final int depth;
  /** k, the outputs of each replica. */
  final int outputs;
  /** R·k: the columns of out, target and scaled. */
  final int outWide;
  /** k·m: one replica's output weights. */
  private final int outBlock;
  final boolean bias;
  final boolean fused;
  final boolean trainOutput;
  final boolean velocity;
  /** Whether σ needs the pre-activation kept apart from h (gelu, cubic, softplus). */
  private final boolean separateZ;
  private final boolean linear;
  /** The batch size B of the current step (≤ B̂). */
  private int batch;

  /** w[0] is layer 1 (bias folded in), w[l] layer l + 1. */
  final NativeBuffer[] w;
  /** b[l] for l ≥ 1 with bias (b[0] is null: layer 1's bias lives in w[0]). */
  final NativeBuffer[] b;
  final NativeBuffer a;
  final NativeBuffer c;
  final NativeBuffer x;
  final NativeBuffer[] z;
  final NativeBuffer[] h;
  final NativeBuffer[] delta;
  private final NativeBuffer spare;
  /** gelu only: tanh u of each layer (kept from forward for σ′), and a scratch buffer. */
  private final NativeBuffer[] tanhU;
  private final NativeBuffer geluScratch;
  final NativeBuffer out;
  final NativeBuffer target;
  final NativeBuffer scaled;
  final NativeBuffer stepScale;
  private final NativeBuffer onesBatch;
  private final NativeBuffer onesWidth;
  /** Velocities (velocity path only), same layout as w, b, a, c. */
  private final NativeBuffer[] vw;
  private final NativeBuffer[] vb;
  private final NativeBuffer va;
  private final NativeBuffer vc;

  private final Kernel[][] activate;
  /** mask[l] writes σ′(layer l) into delta[l]. */
  private final Kernel[][] mask;
  /** delta[l] ⊙= spare, for l < L − 1. */
  private final Kernel[] maskProduct;
  private final Kernel outputWeights;
  private final Kernel scaleResiduals;
  private final Kernel deltaWeights;
  private final Kernel deltaResiduals;

  private final FloatPointer[] xOf;
  /** wOf[l][r]: replica r's block of w[l]; likewise below. */
  private final FloatPointer[][] wOf;
  private final FloatPointer[][] zOf;
  private final FloatPointer[][] hOf;
  private final FloatPointer[][] dOf;
  private final FloatPointer[] spareOf;
  private final FloatPointer[] aOf;
  private final FloatPointer[] scaledOf;
  /** Replica r's columns of out (k &gt; 1 only). */
  private final FloatPointer[] outOf;
  private final FloatPointer[][] bOf;
  private final FloatPointer[] cOf;
  private final FloatPointer[][] vwOf;
  private final FloatPointer[][] vbOf;
  private final FloatPointer[] vaOf;
  private final FloatPointer[] vcOf;

  /** Per replica η, μ, λ (velocity path). */
  private final float[] eta;
  private final float[] mu;
  private final float[] lambda;

  /** The one owner of every native buffer and bound array above. */
  private final NativeArena arena = new NativeArena();
  private final StepProfile profile;
  private boolean timing;

  /** A two-layer pack (depth 1, trained output, plain SGD) of constant batch size. */
  PackTensors(
      int replicas, int batch, int inputDim, int width, Activation activation, boolean bias,
      boolean fused, StepProfile profile) {
    this(replicas, batch, inputDim, width, 1, 1, activation, bias, fused, true, false, profile);
  }

  /**
   * Allocates the tensors of a pack; all parameters and velocities are 0 until {@link
   * #loadParameters}, and the batch size is B̂ until {@link #batch(int)}.
   *
   * @param replicas    R ≥ 1
   * @param maxBatch    B̂ ≥ 1, the largest batch size and the row count of every batch-sized
   *                    buffer (evaluation goes by chunks of B̂ rows)
   * @param inputDim    d ≥ 1
   * @param width       m ≥ 1
   * @param depth       L ≥ 1
   * @param outputs     k ≥ 1
   * @param activation  σ
   * @param bias        whether the b's and c are parameters
   * @param fused       whether all replicas share one input matrix per step
   * @param trainOutput whether a and c are trained
   * @param velocity    whether steps go through velocities (momentum or weight decay)
   * @param profile     where to add the time of each phase, or null
   */
  PackTensors(
      int replicas, int maxBatch, int inputDim, int width, int depth, int outputs,
      Activation activation, boolean bias, boolean fused, boolean trainOutput, boolean velocity,
      StepProfile profile) {
    this.replicas = replicas;
    this.maxBatch = maxBatch;
    this.batch = maxBatch;
    this.inputDim = inputDim;
    this.rows = bias ? inputDim + 1 : inputDim;
    this.width = width;
    this.wide = Math.multiplyExact(replicas, width);
    this.depth = depth;
    this.outputs = outputs;
    this.outWide = Math.multiplyExact(replicas, outputs);
    this.outBlock = Math.multiplyExact(outputs, width);
    this.bias = bias;
    this.fused = fused;
    this.trainOutput = trainOutput;
    this.velocity = velocity;
    this.profile = profile;
    this.timing = profile != null;
    this.separateZ = activation == Activation.GELU || activation == Activation.CUBIC
        || activation == Activation.SOFTPLUS;
    this.linear = activation == Activation.LINEAR;
    this.eta = new float[replicas];
    this.mu = new float[replicas];
    this.lambda = new float[replicas];

    // Everything below allocates through the arena; if any step fails, what was allocated so far
    // is released before the exception leaves (nobody else holds it).
    try {
      w = new NativeBuffer[depth];
      b = new NativeBuffer[depth];
      z = new NativeBuffer[depth];
      h = new NativeBuffer[depth];
      delta = new NativeBuffer[depth];
      w[0] = arena.zeros(wide, rows);
      for (int l = 1; l < depth; l++) {
        w[l] = arena.zeros(wide, width);
        b[l] = bias ? arena.zeros(wide) : null;
      }
      a = arena.zeros(Math.multiplyExact(wide, outputs));
      c = arena.zeros(outWide);
      x = fused ? arena.zeros(maxBatch, rows) : arena.zeros(replicas, maxBatch, rows);
      for (int l = 0; l < depth; l++) {
        h[l] = arena.zeros(maxBatch, wide);
        z[l] = separateZ ? arena.zeros(maxBatch, wide) : h[l];
        delta[l] = arena.zeros(maxBatch, wide);
      }
      spare = (depth > 1 || outputs > 1) && !linear ? arena.zeros(maxBatch, wide) : null;
      boolean gelu = activation == Activation.GELU;
      tanhU = new NativeBuffer[depth];
      for (int l = 0; l < depth && gelu; l++) {
        tanhU[l] = arena.zeros(maxBatch, wide);
      }
      geluScratch = gelu ? arena.zeros(maxBatch, wide) : null;
      out = arena.zeros(maxBatch, outWide);
      target = arena.zeros(maxBatch, outWide);
      scaled = arena.zeros(maxBatch, outWide);
      stepScale = arena.zeros(outWide);
      onesBatch = arena.filled(1f, maxBatch);
      onesWidth = arena.filled(1f, width);
      vw = new NativeBuffer[depth];
      vb = new NativeBuffer[depth];
      if (velocity) {
        for (int l = 0; l < depth; l++) {
          vw[l] = arena.zeros(w[l].array.length());
          vb[l] = b[l] == null ? null : arena.zeros(wide);
        }
        va = trainOutput ? arena.zeros(a.array.length()) : null;
        vc = trainOutput && bias ? arena.zeros(outWide) : null;
      } else {
        va = null;
        vc = null;
      }

      activate = new Kernel[depth][];
      mask = new Kernel[depth][];
      maskProduct = new Kernel[depth];
      for (int l = 0; l < depth; l++) {
        if (gelu) {
          activate[l] = geluForward(z[l].array, h[l].array, tanhU[l].array);
          mask[l] = geluDerivative(z[l].array, tanhU[l].array, geluScratch.array,
              delta[l].array);
        } else {
          activate[l] = activation(activation, z[l].array, h[l].array);
          mask[l] = derivative(activation, z[l].array, h[l].array, delta[l].array);
        }
        if ((l < depth - 1 || outputs > 1) && !linear) {
          maskProduct[l] = Kernel.numpyMul(delta[l].array, spare.array, delta[l].array);
        }
      }
      NativeBuffer last = delta[depth - 1];
      scaleResiduals = Kernel.broadcastMul(arena, out.array, stepScale.array, scaled.array, 1);
      if (outputs == 1) {
        outputWeights = Kernel.broadcastMul(arena, h[depth - 1].array, a.array, last.array, 1);
        deltaWeights = Kernel.broadcastMul(arena, last.array, a.array, last.array, 1);
        INDArray p3 = view(last, maxBatch, replicas, width);
        if (replicas > 1) {
          deltaResiduals = Kernel.broadcastMul(arena, p3, scaled.array, p3, 0, 1);
        } else {
          // libnd4j's TAD broadcast is slow when the replica axis has length 1 (up to 10×).
          deltaResiduals = Kernel.numpyMul(p3, view(scaled, maxBatch, 1, 1), p3);
        }
      } else {
        // Several outputs go through per-replica products instead (see the class documentation).
        outputWeights = null;
        deltaWeights = null;
        deltaResiduals = null;
      }
      // Pointers to each replica's blocks, for the per-replica products.
      wOf = new FloatPointer[depth][];
      zOf = new FloatPointer[depth][];
      hOf = new FloatPointer[depth][];
      dOf = new FloatPointer[depth][];
      bOf = new FloatPointer[depth][];
      vwOf = new FloatPointer[depth][];
      vbOf = new FloatPointer[depth][];
      for (int l = 0; l < depth; l++) {
        long block = (long) width * (l == 0 ? rows : width);
        wOf[l] = blocks(w[l], block);
        zOf[l] = blocks(z[l], width);
        hOf[l] = blocks(h[l], width);
        dOf[l] = blocks(delta[l], width);
        bOf[l] = b[l] == null ? null : blocks(b[l], width);
        vwOf[l] = vw[l] == null ? null : blocks(vw[l], block);
        vbOf[l] = vb[l] == null ? null : blocks(vb[l], width);
      }
      spareOf = spare == null ? null : blocks(spare, width);
      aOf = blocks(a, outBlock);
      cOf = blocks(c, outputs);
      vaOf = va == null ? null : blocks(va, outBlock);
      vcOf = vc == null ? null : blocks(vc, outputs);
      scaledOf = blocks(scaled, outputs);
      outOf = outputs == 1 ? null : blocks(out, outputs);
      xOf = fused ? null : blocks(x, (long) maxBatch * rows);
    } catch (RuntimeException | Error e) {
      arena.close();
      throw e;
    }
  }

  /** H = σ(Z): in place for relu and tanh, nothing for linear. */
  private static Kernel[] activation(Activation activation, INDArray z, INDArray h) {
    return switch (activation) {
      case RELU -> new Kernel[] {Kernel.of(new RectifiedLinear(h, h, 0.0))};
      case TANH -> new Kernel[] {Kernel.of(new Tanh(h, h))};
      case LINEAR -> new Kernel[0];
      case GELU -> throw new IllegalArgumentException("gelu needs its own buffers");
      // z + z³/3
      case CUBIC -> new Kernel[] {
          Kernel.of(new Cube(z, h)),
          Kernel.of(new ScalarDivision(h, null, h, 3.0)),
          Kernel.custom(new AddOp(h, z, h))};
      case SOFTPLUS -> new Kernel[] {Kernel.of(new SoftPlus(z, h))};
    };
  }

  /**
   * σ′ into {@code p}: relu 1[h &gt; 0] (= 1[z &gt; 0], DL4J's derivative), tanh 1 − h², linear 1
   * (from h = σ(z), in place); gelu its exact derivative, cubic 1 + z², softplus the logistic
   * function (from z).
   */
  private static Kernel[] derivative(Activation activation, INDArray z, INDArray h, INDArray p) {
    return switch (activation) {
      case RELU -> new Kernel[] {Kernel.of(new Step(h, p, 0.0))};
      case TANH -> new Kernel[] {
          Kernel.of(new Square(h, p)),
          Kernel.of(new ScalarReverseSubtraction(p, null, p, 1.0))};
      case LINEAR -> new Kernel[] {Kernel.of(new ScalarSet(p, null, p, 1.0))};
      case GELU -> throw new IllegalArgumentException("gelu needs its own buffers");
      case CUBIC -> new Kernel[] {
          Kernel.of(new Square(z, p)), Kernel.of(new ScalarAdd(p, null, p, 1.0))};
      case SOFTPLUS -> new Kernel[] {Kernel.of(new Sigmoid(z, p))};
    };
  }

  /** √(2/π) and the cubic coefficient of the gelu tanh approximation. */
  private static final double GELU_SCALE = Math.sqrt(2 / Math.PI);
  private static final double GELU_CUBIC = 0.044715;

  /**
   * h = ½ z (1 + t), t = tanh u, u = √(2/π)(z + 0.044715 z³) (the spec's gelu, PyTorch's
   * approximate='tanh'), t kept for σ′. ND4J's own GELU ops compute other functions (the sigmoid
   * approximation; PreciseGELU is neither), so the formula is spelled out in float ops, each
   * rounding once: within a few float32 roundings of the reference's exactly rounded σ.
   */
  private static Kernel[] geluForward(INDArray z, INDArray h, INDArray t) {
    return new Kernel[] {
        Kernel.of(new Square(z, h)),
        Kernel.of(new ScalarMultiplication(h, null, h, GELU_CUBIC)),
        Kernel.of(new ScalarAdd(h, null, h, 1.0)),
        Kernel.numpyMul(h, z, h),
        Kernel.of(new ScalarMultiplication(h, null, h, GELU_SCALE)),
        Kernel.of(new Tanh(h, t)),
        Kernel.of(new ScalarAdd(t, null, h, 1.0)),
        Kernel.numpyMul(h, z, h),
        Kernel.of(new ScalarMultiplication(h, null, h, 0.5))};
  }

  /** σ′ = ½(1 + t) + ½ z (1 − t²) √(2/π)(1 + 3·0.044715 z²) into p, from z and t = tanh u. */
  private static Kernel[] geluDerivative(INDArray z, INDArray t, INDArray q, INDArray p) {
    return new Kernel[] {
        Kernel.of(new Square(t, p)),
        Kernel.of(new ScalarReverseSubtraction(p, null, p, 1.0)),
        Kernel.numpyMul(p, z, p),
        Kernel.of(new Square(z, q)),
        Kernel.of(new ScalarMultiplication(q, null, q, 3 * GELU_CUBIC)),
        Kernel.of(new ScalarAdd(q, null, q, 1.0)),
        Kernel.of(new ScalarMultiplication(q, null, q, 0.5 * GELU_SCALE)),
        Kernel.numpyMul(p, q, p),
        Kernel.of(new ScalarAdd(t, null, q, 1.0)),
        Kernel.of(new ScalarMultiplication(q, null, q, 0.5)),
        Kernel.custom(new AddOp(p, q, p))};
  }

  /** Pointers to consecutive blocks of {@code size} floats, one per replica. */
  private FloatPointer[] blocks(NativeBuffer buffer, long size) {
    FloatPointer[] p = new FloatPointer[replicas];
    for (int r = 0; r < replicas; r++) {
      p[r] = buffer.at(r * size);
    }
    return p;
  }

  /** A view of {@code b} with another shape of the same length (shares its memory). */
  private static INDArray view(NativeBuffer b, long... shape) {
    INDArray v = b.array.reshape('c', shape);
    if (v.data().addressPointer().address() != b.array.data().addressPointer().address()
        || v.offset() != 0) {
      throw new IllegalStateException("ND4J returned a copy for a reshape of a contiguous array");
    }
    return v;
  }

  /**
   * Sets every parameter of a depth-1 pack: {@code w} is R·m × d̃ as described in the class
   * documentation, {@code a} R·m, {@code c} R.
   */
  void loadParameters(float[] hostW, float[] hostA, float[] hostC) {
    loadParameters(new float[][] {hostW}, new float[depth][], hostA, hostC);
  }

  /**
   * Sets every parameter (layout of the class documentation; {@code hostB[0]} is ignored, as are
   * all of {@code hostB} without bias) and zeroes the velocities.
   */
  void loadParameters(float[][] hostW, float[][] hostB, float[] hostA, float[] hostC) {
    checkOpen();
    for (int l = 0; l < depth; l++) {
      w[l].put(hostW[l]);
      if (b[l] != null) {
        b[l].put(hostB[l]);
      }
    }
    a.put(hostA);
    c.put(hostC);
    if (velocity) {
      for (NativeBuffer v : velocities()) {
        v.array.assign(0);
      }
    }
  }

  /** Copies every parameter of a depth-1 pack to the heap (same layout as loadParameters). */
  void readParameters(float[] hostW, float[] hostA, float[] hostC) {
    readParameters(new float[][] {hostW}, new float[depth][], hostA, hostC);
  }

  /** Copies every parameter to the heap (same layout as {@link #loadParameters}). */
  void readParameters(float[][] hostW, float[][] hostB, float[] hostA, float[] hostC) {
    checkOpen();
    for (int l = 0; l < depth; l++) {
      w[l].get(hostW[l]);
      if (b[l] != null) {
        b[l].get(hostB[l]);
      }
    }
    a.get(hostA);
    c.get(hostC);
  }

  /**
   * Sets the per-replica residual factor s (R values): 2η/(B·k) plain, 2/(B·k) velocity path (0
   * freezes); with k outputs each replica's s covers its k columns.
   */
  void loadStepScale(float[] scale) {
    if (outputs == 1) {
      stepScale.put(scale);
      return;
    }
    float[] columns = new float[outWide];
    for (int i = 0; i < outWide; i++) {
      columns[i] = scale[i / outputs];
    }
    stepScale.put(columns);
  }

  /** Sets the per-replica η, μ, λ of the velocity path (all 0 freezes a replica). */
  void loadOptimiser(float[] lr, float[] momentum, float[] decay) {
    System.arraycopy(lr, 0, eta, 0, replicas);
    System.arraycopy(momentum, 0, mu, 0, replicas);
    System.arraycopy(decay, 0, lambda, 0, replicas);
  }

  /** The batch size B ≤ B̂ of the following steps (also the rows of a forward pass). */
  void batch(int rowsPerStep) {
    if (rowsPerStep < 1 || rowsPerStep > maxBatch) {
      throw new IllegalArgumentException(
          "batch size " + rowsPerStep + " outside 1 … " + maxBatch);
    }
    batch = rowsPerStep;
  }

  /** The batch size B of the current step. */
  int batch() {
    return batch;
  }

  /**
   * Replica r's parameters and velocities become 0 (its outputs then 0: no NaN or overflow left to
   * spread).
   */
  void zeroReplica(int r) {
    int most = Math.max(width * rows, width * width);
    float[] zeros = new float[most];
    for (int l = 0; l < depth; l++) {
      int block = width * (l == 0 ? rows : width);
      w[l].put(zeros, block, (long) r * block);
      if (vw[l] != null) {
        vw[l].put(zeros, block, (long) r * block);
      }
      if (b[l] != null) {
        b[l].put(zeros, width, (long) r * width);
      }
      if (vb[l] != null) {
        vb[l].put(zeros, width, (long) r * width);
      }
    }
    float[] output = new float[outBlock];
    a.put(output, outBlock, (long) r * outBlock);
    c.put(output, outputs, (long) r * outputs);
    if (va != null) {
      va.put(output, outBlock, (long) r * outBlock);
    }
    if (vc != null) {
      vc.put(output, outputs, (long) r * outputs);
    }
  }

  /**
   * Loads the inputs: fused B̂ × d̃, general R × B̂ × d̃ (replica-major), ones already in the bias
   * column; only the first B rows of each block are used.
   */
  void loadInputs(float[] hostX) {
    checkOpen();
    x.put(hostX);
  }

  /** Loads the targets ỹ, B̂ × R·k (the first B rows are used). */
  void loadTargets(float[] hostTargets) {
    target.put(hostTargets);
  }

  /** Turns phase timing on or off (off during evaluation, which is timed as a whole). */
  void timing(boolean on) {
    timing = on && profile != null;
  }

  /** O = f(X) − c for the first B rows of the loaded inputs, B × R·k, left in {@code out}. */
  void forward() {
    checkOpen();
    long t = tick();
    if (fused) {
      Blas.gemm(false, true, batch, wide, rows, 1f, x.pointer(), rows, w[0].pointer(), rows,
          0f, z[0].pointer(), wide);
    } else {
      for (int r = 0; r < replicas; r++) {
        Blas.gemm(false, true, batch, width, rows, 1f, xOf[r], rows, wOf[0][r], rows,
            0f, zOf[0][r], wide);
      }
    }
    t = tock(StepProfile.Phase.FIRST_LAYER, t);
    run(activate[0]);
    t = tock(StepProfile.Phase.ACTIVATION, t);
    for (int l = 1; l < depth; l++) {
      for (int r = 0; r < replicas; r++) {
        Blas.gemm(false, true, batch, width, width, 1f, hOf[l - 1][r], wide, wOf[l][r], width,
            0f, zOf[l][r], wide);
      }
      if (bias) {
        Blas.ger(batch, wide, 1f, onesBatch.pointer(), 1, b[l].pointer(), 1, z[l].pointer(),
            wide);
      }
      t = tock(StepProfile.Phase.DEEP_LAYERS, t);
      run(activate[l]);
      t = tock(StepProfile.Phase.ACTIVATION, t);
    }
    if (outputs == 1) {
      outputWeights.run();
      Blas.gemv(false, batch * replicas, width, 1f, delta[depth - 1].pointer(), width,
          onesWidth.pointer(), 1, 0f, out.pointer(), 1);
    } else {
      for (int r = 0; r < replicas; r++) {
        Blas.gemm(false, true, batch, outputs, width, 1f, hOf[depth - 1][r], wide, aOf[r], width,
            0f, outOf[r], outWide);
      }
    }
    tock(StepProfile.Phase.OUTPUT_LAYER, t);
  }

  /** Copies the outputs O = f(X) − c (B̂ × R·k, the first rows of the last forward) to the heap. */
  void readOutputs(float[] hostOut) {
    out.get(hostOut);
  }

  /**
   * Turns the outputs into residuals E = f(X) − Ỹ in place and returns Σ E² over all replicas
   * (float, for the finiteness check).
   */
  float residuals() {
    checkOpen();
    long t = tick();
    int n = batch * outWide;
    Blas.axpy(n, -1f, target.pointer(), out.pointer());
    if (bias) {
      Blas.ger(batch, outWide, 1f, onesBatch.pointer(), 1, c.pointer(), 1, out.pointer(),
          outWide);
    }
    float sum = Blas.dot(n, out.pointer(), out.pointer());
    tock(StepProfile.Phase.RESIDUAL, t);
    return sum;
  }

  /** Copies the residuals E (B̂ × R·k, the first B rows meaningful) to the heap. */
  void readResiduals(float[] hostE) {
    out.get(hostE);
  }

  /** The optimiser step of every replica from the residuals left by {@link #residuals()}. */
  void backward() {
    checkOpen();
    long t = tick();
    scaleResiduals.run();
    int last = depth - 1;
    if (outputs == 1) {
      run(mask[last]);
      deltaWeights.run();
      t = tock(StepProfile.Phase.MASK, t);
      deltaResiduals.run();
      t = tock(StepProfile.Phase.BROADCAST, t);
    } else {
      // Dᴸᵣ = (Ēᵣ Aᵣ) ⊙ σ′(Zᴸᵣ), from A before it moves.
      FloatPointer[] product = linear ? dOf[last] : spareOf;
      for (int r = 0; r < replicas; r++) {
        Blas.gemm(false, false, batch, width, outputs, 1f, scaledOf[r], outWide, aOf[r], width,
            0f, product[r], wide);
      }
      t = tock(StepProfile.Phase.BROADCAST, t);
      if (!linear) {
        run(mask[last]);
        maskProduct[last].run();
      }
      t = tock(StepProfile.Phase.MASK, t);
    }
    if (velocity) {
      decayAndMomentum();
      t = tock(StepProfile.Phase.OPTIMISER, t);
    }
    // Plain path: θ −= (gradient with η folded in); velocity path: v += gradient.
    float sign = velocity ? 1f : -1f;
    if (trainOutput) {
      // aᵣ −= Hᵣᵀ Ēᵣ: one small product per replica beats broadcasting Ē over all of H (a pass
      // over B·R·m values) and then summing its columns.
      FloatPointer[] into = velocity ? vaOf : aOf;
      for (int r = 0; r < replicas; r++) {
        if (outputs == 1) {
          Blas.gemv(true, batch, width, sign, hOf[last][r], wide, scaledOf[r], replicas, 1f,
              into[r], 1);
        } else {
          Blas.gemm(true, false, outputs, width, batch, sign, scaledOf[r], outWide,
              hOf[last][r], wide, 1f, into[r], width);
        }
      }
      if (bias) {
        Blas.gemv(true, batch, outWide, sign, scaled.pointer(), outWide, onesBatch.pointer(),
            1, 1f, velocity ? vc.pointer() : c.pointer(), 1);
      }
      t = tock(StepProfile.Phase.OUTPUT_GRADIENT, t);
    }
    for (int l = depth - 1; l >= 1; l--) {
      // Dˡ⁻¹ = (Dˡ Wˡ) ⊙ σ′(Zˡ⁻¹), from Wˡ before it moves.
      FloatPointer[] product = linear ? dOf[l - 1] : spareOf;
      for (int r = 0; r < replicas; r++) {
        Blas.gemm(false, false, batch, width, width, 1f, dOf[l][r], wide, wOf[l][r], width,
            0f, product[r], wide);
      }
      if (!linear) {
        run(mask[l - 1]);
        maskProduct[l - 1].run();
      }
      FloatPointer[] into = velocity ? vwOf[l] : wOf[l];
      for (int r = 0; r < replicas; r++) {
        Blas.gemm(true, false, width, width, batch, sign, dOf[l][r], wide, hOf[l - 1][r], wide,
            1f, into[r], width);
      }
      if (bias) {
        Blas.gemv(true, batch, wide, sign, delta[l].pointer(), wide, onesBatch.pointer(), 1,
            1f, velocity ? vb[l].pointer() : b[l].pointer(), 1);
      }
      t = tock(StepProfile.Phase.DEEP_LAYERS, t);
    }
    FloatPointer[] into = velocity ? vwOf[0] : wOf[0];
    if (fused) {
      Blas.gemm(true, false, wide, rows, batch, sign, delta[0].pointer(), wide, x.pointer(),
          rows, 1f, velocity ? vw[0].pointer() : w[0].pointer(), rows);
    } else {
      for (int r = 0; r < replicas; r++) {
        Blas.gemm(true, false, width, rows, batch, sign, dOf[0][r], wide, xOf[r], rows,
            1f, into[r], rows);
      }
    }
    t = tock(StepProfile.Phase.WEIGHT_GRADIENT, t);
    if (velocity) {
      applyVelocity();
      tock(StepProfile.Phase.OPTIMISER, t);
    }
  }

  /** v ← μ v + λ θ for every trained tensor, per replica (before the gradient is added). */
  private void decayAndMomentum() {
    for (int l = 0; l < depth; l++) {
      int block = width * (l == 0 ? rows : width);
      decay(block, wOf[l], vwOf[l]);
      if (vbOf[l] != null) {
        decay(width, bOf[l], vbOf[l]);
      }
    }
    if (vaOf != null) {
      decay(outBlock, aOf, vaOf);
    }
    if (vcOf != null) {
      decay(outputs, cOf, vcOf);
    }
  }

  private void decay(int n, FloatPointer[] theta, FloatPointer[] v) {
    for (int r = 0; r < replicas; r++) {
      if (mu[r] != 1f) {
        Blas.scal(n, mu[r], v[r]);
      }
      if (lambda[r] != 0f) {
        Blas.axpy(n, lambda[r], theta[r], 1, v[r], 1);
      }
    }
  }

  /** θ ← θ − η v for every trained tensor, per replica. */
  private void applyVelocity() {
    for (int l = 0; l < depth; l++) {
      int block = width * (l == 0 ? rows : width);
      move(block, wOf[l], vwOf[l]);
      if (vbOf[l] != null) {
        move(width, bOf[l], vbOf[l]);
      }
    }
    if (vaOf != null) {
      move(outBlock, aOf, vaOf);
    }
    if (vcOf != null) {
      move(outputs, cOf, vcOf);
    }
  }

  private void move(int n, FloatPointer[] theta, FloatPointer[] v) {
    for (int r = 0; r < replicas; r++) {
      if (eta[r] != 0f) {
        Blas.axpy(n, -eta[r], v[r], 1, theta[r], 1);
      }
    }
  }

  private java.util.List<NativeBuffer> velocities() {
    java.util.List<NativeBuffer> all = new java.util.ArrayList<>();
    for (int l = 0; l < depth; l++) {
      if (vw[l] != null) {
        all.add(vw[l]);
      }
      if (vb[l] != null) {
        all.add(vb[l]);
      }
    }
    if (va != null) {
      all.add(va);
    }
    if (vc != null) {
      all.add(vc);
    }
    return all;
  }

  private static void run(Kernel[] kernels) {
    for (Kernel k : kernels) {
      k.run();
    }
  }

  /**
   * Frees every native buffer, each exactly once; closing again does nothing. The tensors are
   * unusable after: a later step fails with an exception instead of touching freed memory.
   */
  @Override
  public void close() {
    arena.close();
  }

  /** Whether {@link #close} has run. */
  boolean isClosed() {
    return arena.isClosed();
  }

  /** Refuses to hand freed memory to BLAS or libnd4j (one boolean test per call). */
  private void checkOpen() {
    if (arena.isClosed()) {
      throw new IllegalStateException("pack tensors used after close");
    }
  }

  private long tick() {
    return timing ? System.nanoTime() : 0;
  }

  private long tock(StepProfile.Phase phase, long since) {
    if (!timing) {
      return 0;
    }
    long now = System.nanoTime();
    profile.add(phase, now - since);
    return now;
  }
}
