package io.sweep.worker.pack;

import io.sweep.worker.spec.Activation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarDivision;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSet;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Cube;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SoftPlus;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The tensors of a pack on backend-neutral ND4J ops: the same network, host layouts and optimiser
 * step as {@link PackTensors}, with every product an {@link Mmul} (2-D where the replicas share
 * an operand, else batched over a leading replica axis of rank-3 arrays) and every element-wise
 * step an ND4J op, so that it runs on any ND4J backend (CPU or CUDA) and never touches a native
 * pointer of the CPU backend.
 *
 * <p><b>Device layout</b> (float32, 'c' order, replica-major): W¹ [R, m, d̃] (the bias folded in
 * as in {@link PackTensors}), Wˡ [R, m, m], bˡ [R, m, 1], A [R, k, m], c [R, k, 1]: byte for byte
 * the host layouts, so parameters load and read in one copy. Activations are kept transposed, one
 * column per sample, so that the fused path's shared inputs make its two largest products single
 * 2-D ones over all replicas at once ([R·m, d̃] × [B, d̃]ᵀ forward, [R·m, B] × [B, d̃] for the
 * gradient: BLAS on the CPU, where libnd4j's batched rank-3 product is a plain loop 4–6× slower).
 * Per batch size B: X [B, d̃] (fused) or [R, B, d̃] (general), Zˡ, Hˡ, Dˡ [R, m, B], O, Ỹ, Ē
 * [R, k, B]: contiguous prefixes of stores sized for B̂, one set of views and bound ops per batch
 * size used (the schedule's sizes and B̂ for evaluation), built on first use.
 *
 * <p><b>One step</b>, per replica r (all R at once; ᵀ of the math below is what is stored):
 *
 * <pre>{@code
 * forward:   Z¹ = X W¹ᵀ;  Zˡ = Hˡ⁻¹ Wˡᵀ + bˡ;  Hˡ = σ(Zˡ);  O = Hᴸ Aᵀ
 * residual:  E = O − Ỹ + c;  Σ E²
 * backward:  Ē = E ⊙ s;  Dᴸ = (Ē A) ⊙ σ′(Zᴸ);  g_A = Ēᵀ Hᴸ;  g_c = Σ_B Ē
 *            Dˡ⁻¹ = (Dˡ Wˡ) ⊙ σ′(Zˡ⁻¹);  g_Wˡ = Dˡᵀ Hˡ⁻¹;  g_bˡ = Σ_B Dˡ;  g_W¹ = D¹ᵀ X
 *            plain: θ −= g (η folded into s);  velocity: v ← μv + λθ, v += g, θ −= ηv
 * }</pre>
 *
 * <p>k = 1 (the usual case) takes the output products as a broadcast product and a sum (O = Σ_j
 * a_j Hᴸ_j, Ē A = a ⊗ Ē, g_a = Σ_B Hᴸ ⊙ Ē), cheaper here than batched [1, m] products. The
 * gradients that are products go straight into θ (α = −1, β = 1) or v (α = β = 1) by the
 * product's α and β, with no gradient array and no update op. Every gradient is taken before
 * any parameter moves.
 *
 * <p>The arrays are allocated once, outside any workspace; the step allocates no ND4J array: the
 * ops are built once and the custom ones bound to a prepared op context, executed again and
 * again. Host transfers go through one staging array per direction and the arrays' host
 * pointers, tagged for ND4J's affinity manager so that the CUDA backend moves them to the device
 * when an op needs them (no-ops on the CPU backend). Not thread-safe.
 */
final class Nd4jPackTensors implements ReplicaTensors {

  private final int replicas;
  private final int maxBatch;
  private final int rows;
  private final int width;
  private final int depth;
  private final int outputs;
  private final boolean bias;
  private final boolean fused;
  private final boolean trainOutput;
  private final boolean velocity;
  private final Activation activation;
  private final boolean separateZ;
  private final boolean linear;
  private final StepProfile profile;
  private boolean timing;

  /** Every array allocated here, closed once by {@link #close}. */
  private final List<INDArray> owned = new ArrayList<>();
  /** The op contexts of the bound ops, closed once by {@link #close}. */
  private final List<OpContext> contexts = new ArrayList<>();
  private boolean closed;

  private final INDArray[] w;
  private final INDArray[] b;
  private final INDArray a;
  private final INDArray c;
  /** Gradients (same shapes as the parameters), then scratch for λθ and ηv on the velocity path. */
  private final INDArray[] gw;
  private final INDArray[] gb;
  private final INDArray ga;
  private final INDArray gc;
  private final INDArray[] vw;
  private final INDArray[] vb;
  private final INDArray va;
  private final INDArray vc;
  /** Per replica s, η, μ, λ as [R, 1, 1], broadcast over each replica's block. */
  private final INDArray stepScale;
  private final INDArray eta;
  private final INDArray mu;
  private final INDArray lambda;
  private final INDArray sumOfSquares;

  /** Flat stores of B̂ rows; each batch size views a contiguous prefix. */
  private final INDArray xStore;
  private final INDArray xSharedStore;
  private final INDArray[] zStore;
  private final INDArray[] hStore;
  private final INDArray[] dStore;
  private final INDArray[] tanhStore;
  private final INDArray spareStore;
  private final INDArray geluStore;
  private final INDArray outStore;
  private final INDArray targetStore;
  private final INDArray scaledStore;

  /** Host staging (replica-major) and the host pointers of the arrays it is copied to or from. */
  private final float[] staging;
  private final Map<INDArray, FloatPointer> pointers = new java.util.IdentityHashMap<>();

  private final Map<Integer, Graph> graphs = new HashMap<>();
  private Graph graph;
  private int batch;

  @SuppressWarnings("try") // the scope is entered for its side effect only
  Nd4jPackTensors(
      int replicas, int maxBatch, int inputDim, int width, int depth, int outputs,
      Activation activation, boolean bias, boolean fused, boolean trainOutput, boolean velocity,
      StepProfile profile) {
    this.replicas = replicas;
    this.maxBatch = maxBatch;
    this.rows = bias ? inputDim + 1 : inputDim;
    this.width = width;
    this.depth = depth;
    this.outputs = outputs;
    this.bias = bias;
    this.fused = fused;
    this.trainOutput = trainOutput;
    this.velocity = velocity;
    this.activation = activation;
    this.separateZ = activation == Activation.GELU || activation == Activation.CUBIC
        || activation == Activation.SOFTPLUS;
    this.linear = activation == Activation.LINEAR;
    this.profile = profile;
    this.timing = profile != null;
    long batchRows = (long) replicas * maxBatch;
    try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      w = new INDArray[depth];
      b = new INDArray[depth];
      gw = new INDArray[depth];
      gb = new INDArray[depth];
      vw = new INDArray[depth];
      vb = new INDArray[depth];
      zStore = new INDArray[depth];
      hStore = new INDArray[depth];
      dStore = new INDArray[depth];
      tanhStore = new INDArray[depth];
      for (int l = 0; l < depth; l++) {
        long in = l == 0 ? rows : width;
        w[l] = zeros(replicas, width, in);
        gw[l] = velocity ? zeros(replicas, width, in) : null;
        vw[l] = velocity ? zeros(replicas, width, in) : null;
        if (l > 0 && bias) {
          b[l] = zeros(replicas, width, 1);
          gb[l] = zeros(replicas, width, 1);
          vb[l] = velocity ? zeros(replicas, width, 1) : null;
        }
        hStore[l] = zeros(batchRows * width);
        zStore[l] = separateZ ? zeros(batchRows * width) : hStore[l];
        dStore[l] = zeros(batchRows * width);
        tanhStore[l] = activation == Activation.GELU ? zeros(batchRows * width) : null;
      }
      a = zeros(replicas, outputs, width);
      c = zeros(replicas, outputs, 1);
      ga = outputs == 1 || velocity ? zeros(replicas, outputs, width) : null;
      gc = zeros(replicas, outputs, 1);
      va = velocity && trainOutput ? zeros(replicas, outputs, width) : null;
      vc = velocity && trainOutput && bias ? zeros(replicas, outputs, 1) : null;
      stepScale = zeros(replicas, 1, 1);
      eta = zeros(replicas, 1, 1);
      mu = zeros(replicas, 1, 1);
      lambda = zeros(replicas, 1, 1);
      sumOfSquares = Nd4j.scalar(DataType.FLOAT, 0f);
      owned.add(sumOfSquares);
      xStore = fused ? null : zeros(batchRows * rows);
      xSharedStore = fused ? zeros((long) maxBatch * rows) : null;
      spareStore = zeros(batchRows * width);
      geluStore = activation == Activation.GELU ? zeros(batchRows * width) : null;
      outStore = zeros(batchRows * outputs);
      targetStore = zeros(batchRows * outputs);
      scaledStore = zeros(batchRows * outputs);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
    staging = new float[Math.toIntExact(batchRows * Math.max(rows, outputs))];
    batch(maxBatch);
  }

  private INDArray zeros(long... shape) {
    INDArray array = Nd4j.create(DataType.FLOAT, shape, 'c');
    owned.add(array);
    return array;
  }

  // ---- the ops of one batch size ----

  /** The views and bound ops of one batch size B. */
  private final class Graph {
    final INDArray x;
    final INDArray xShared;
    final List<Runnable> forward = new ArrayList<>();
    final List<Runnable> residual = new ArrayList<>();
    final List<Runnable> backward = new ArrayList<>();
    final Runnable sum;

    Graph(int rowsPerStep) {
      long bt = rowsPerStep;
      long wideRows = (long) replicas * width;
      x = fused ? null : prefix(xStore, replicas, bt, rows);
      xShared = fused ? prefix(xSharedStore, bt, rows) : null;
      INDArray[] z = new INDArray[depth];
      INDArray[] h = new INDArray[depth];
      INDArray[] d = new INDArray[depth];
      for (int l = 0; l < depth; l++) {
        h[l] = prefix(hStore[l], replicas, width, bt);
        z[l] = separateZ ? prefix(zStore[l], replicas, width, bt) : h[l];
        d[l] = prefix(dStore[l], replicas, width, bt);
      }
      INDArray spare = prefix(spareStore, replicas, width, bt);
      INDArray out = prefix(outStore, replicas, outputs, bt);
      INDArray target = prefix(targetStore, replicas, outputs, bt);
      INDArray scaled = prefix(scaledStore, replicas, outputs, bt);
      int last = depth - 1;
      boolean single = outputs == 1;
      // k = 1: A [R, 1, m] and its gradient seen as columns [R, m, 1] (same bytes)
      INDArray aColumn = single ? a.reshape('c', replicas, width, 1) : null;
      INDArray gaColumn = single ? ga.reshape('c', replicas, width, 1) : null;

      // forward
      if (fused) { // one product for all replicas: [R·m, d̃] × [B, d̃]ᵀ
        forward.add(matmul(w[0].reshape('c', wideRows, rows), xShared,
            prefix(zStore[0], wideRows, bt), false, true));
      } else {
        forward.add(matmul(w[0], x, z[0], false, true));
      }
      activate(z[0], h[0], forward, tanhOf(0, bt));
      for (int l = 1; l < depth; l++) {
        forward.add(matmul(w[l], h[l - 1], z[l], false, false));
        if (bias) {
          forward.add(custom(new AddOp(z[l], b[l], z[l])));
        }
        activate(z[l], h[l], forward, tanhOf(l, bt));
      }
      if (single) { // Oᵀ = Σ_j a_j Hᴸ_j: a broadcast product and a sum beat a [1, m] product
        forward.add(custom(new MulOp(h[last], aColumn, spare)));
        forward.add(reduceSum(spare, out, 1));
      } else {
        forward.add(matmul(a, h[last], out, false, false));
      }

      // residual: E = O − Ỹ + c
      residual.add(custom(new SubOp(out, target, out)));
      if (bias) {
        residual.add(custom(new AddOp(out, c, out)));
      }
      sum = custom(DynamicCustomOp.builder("reduce_sqnorm")
          .addInputs(out).addOutputs(sumOfSquares).build());

      // backward
      backward.add(custom(new MulOp(out, stepScale, scaled)));
      INDArray pre = linear ? d[last] : spare;
      backward.add(single
          ? custom(new MulOp(aColumn, scaled, pre))
          : matmul(a, scaled, pre, true, false));
      if (!linear) {
        mask(z[last], h[last], d[last], spare, tanhOf(last, bt));
      }
      if (velocity) {
        for (int l = 0; l < depth; l++) {
          decay(w[l], vw[l], gw[l]);
          if (vb[l] != null) {
            decay(b[l], vb[l], gb[l]);
          }
        }
        if (va != null) {
          decay(a, va, ga);
        }
        if (vc != null) {
          decay(c, vc, gc);
        }
      }
      if (trainOutput) {
        if (single) {
          backward.add(custom(new MulOp(h[last], scaled, spare)));
          backward.add(reduceSum(spare, gaColumn, 2));
          apply(a, va, ga);
        } else {
          backward.add(accumulate(scaled, h[last], a, va, false, true));
        }
        if (bias) {
          backward.add(reduceSum(scaled, gc, 2));
          apply(c, vc, gc);
        }
      }
      for (int l = last; l >= 1; l--) {
        backward.add(matmul(w[l], d[l], linear ? d[l - 1] : spare, true, false));
        if (!linear) {
          mask(z[l - 1], h[l - 1], d[l - 1], spare, tanhOf(l - 1, bt));
        }
        backward.add(accumulate(d[l], h[l - 1], w[l], vw[l], false, true));
        if (bias) {
          backward.add(reduceSum(d[l], gb[l], 2));
          apply(b[l], vb[l], gb[l]);
        }
      }
      if (fused) { // one product for all replicas: [R·m, B] × [B, d̃]
        backward.add(accumulate(prefix(dStore[0], wideRows, bt), xShared,
            w[0].reshape('c', wideRows, rows),
            velocity ? vw[0].reshape('c', wideRows, rows) : null, false, false));
      } else {
        backward.add(accumulate(d[0], x, w[0], vw[0], false, false));
      }
      if (velocity) {
        for (int l = 0; l < depth; l++) {
          move(w[l], vw[l], gw[l]);
          if (vb[l] != null) {
            move(b[l], vb[l], gb[l]);
          }
        }
        if (va != null) {
          move(a, va, ga);
        }
        if (vc != null) {
          move(c, vc, gc);
        }
      }
    }

    /**
     * The gradient product op(x) op(y) taken straight into the parameter (plain path: θ −= …) or
     * its velocity (v += …) by the product's α and β, without a gradient array.
     */
    private Runnable accumulate(
        INDArray x, INDArray y, INDArray theta, INDArray v, boolean tx, boolean ty) {
      return velocity
          ? matmul(x, y, v, tx, ty, 1.0, 1.0)
          : matmul(x, y, theta, tx, ty, -1.0, 1.0);
    }

    /** D = σ′(Z) ⊙ pre (relu: pre where h &gt; 0, one op for σ′ and the product). */
    private void mask(INDArray z, INDArray h, INDArray d, INDArray pre, INDArray t) {
      if (activation == Activation.RELU) {
        backward.add(custom(DynamicCustomOp.builder("relu_bp")
            .addInputs(h, pre).addOutputs(d).addFloatingPointArguments(0.0).build()));
        return;
      }
      derivative(z, h, d, backward, t);
      backward.add(custom(new MulOp(d, pre, d)));
    }

    /** gelu's tanh u of layer l, for σ′ (null for the other activations). */
    private INDArray tanhOf(int layer, long bt) {
      return tanhStore[layer] == null ? null : prefix(tanhStore[layer], replicas, width, bt);
    }

    /** v ← μ v + λ θ (scratch: the gradient buffer, free before the gradient is formed). */
    private void decay(INDArray theta, INDArray v, INDArray scratch) {
      backward.add(custom(new MulOp(v, mu, v)));
      backward.add(custom(new MulOp(theta, lambda, scratch)));
      backward.add(custom(new AddOp(v, scratch, v)));
    }

    /** Plain path θ −= g; velocity path v += g. */
    private void apply(INDArray theta, INDArray v, INDArray g) {
      backward.add(velocity
          ? custom(new AddOp(v, g, v))
          : custom(new SubOp(theta, g, theta)));
    }

    /** θ −= η v (scratch: the gradient buffer, no longer needed). */
    private void move(INDArray theta, INDArray v, INDArray scratch) {
      backward.add(custom(new MulOp(v, eta, scratch)));
      backward.add(custom(new SubOp(theta, scratch, theta)));
    }

    /** H = σ(Z), from z into h (in place where z is h). */
    private void activate(INDArray z, INDArray h, List<Runnable> ops, INDArray t) {
      switch (activation) {
        case RELU -> ops.add(op(new RectifiedLinear(h, h, 0.0)));
        case TANH -> ops.add(op(new Tanh(h, h)));
        case LINEAR -> { }
        case CUBIC -> { // z + z³/3
          ops.add(op(new Cube(z, h)));
          ops.add(op(new ScalarDivision(h, null, h, 3.0)));
          ops.add(custom(new AddOp(h, z, h)));
        }
        case SOFTPLUS -> ops.add(op(new SoftPlus(z, h)));
        case GELU -> { // ½ z (1 + t), t = tanh(√(2/π)(z + 0.044715 z³)), t kept for σ′
          ops.add(op(new Square(z, h)));
          ops.add(op(new ScalarMultiplication(h, null, h, GELU_CUBIC)));
          ops.add(op(new ScalarAdd(h, null, h, 1.0)));
          ops.add(custom(new MulOp(h, z, h)));
          ops.add(op(new ScalarMultiplication(h, null, h, GELU_SCALE)));
          ops.add(op(new Tanh(h, t)));
          ops.add(op(new ScalarAdd(t, null, h, 1.0)));
          ops.add(custom(new MulOp(h, z, h)));
          ops.add(op(new ScalarMultiplication(h, null, h, 0.5)));
        }
        default -> throw new AssertionError(activation);
      }
    }

    /**
     * σ′ into p: as {@link PackTensors} (tanh, linear from h; gelu, cubic, softplus from z; relu's
     * is folded into {@link #mask}).
     */
    private void derivative(INDArray z, INDArray h, INDArray p, List<Runnable> ops, INDArray t) {
      switch (activation) {
        case TANH -> {
          ops.add(op(new Square(h, p)));
          ops.add(op(new ScalarReverseSubtraction(p, null, p, 1.0)));
        }
        case LINEAR -> ops.add(op(new ScalarSet(p, null, p, 1.0)));
        case CUBIC -> {
          ops.add(op(new Square(z, p)));
          ops.add(op(new ScalarAdd(p, null, p, 1.0)));
        }
        case SOFTPLUS -> ops.add(op(new Sigmoid(z, p)));
        case GELU -> { // ½(1 + t) + ½ z (1 − t²) √(2/π)(1 + 3·0.044715 z²)
          INDArray q = prefix(geluStore, replicas, width, z.size(2));
          ops.add(op(new Square(t, p)));
          ops.add(op(new ScalarReverseSubtraction(p, null, p, 1.0)));
          ops.add(custom(new MulOp(p, z, p)));
          ops.add(op(new Square(z, q)));
          ops.add(op(new ScalarMultiplication(q, null, q, 3 * GELU_CUBIC)));
          ops.add(op(new ScalarAdd(q, null, q, 1.0)));
          ops.add(op(new ScalarMultiplication(q, null, q, 0.5 * GELU_SCALE)));
          ops.add(custom(new MulOp(p, q, p)));
          ops.add(op(new ScalarAdd(t, null, q, 1.0)));
          ops.add(op(new ScalarMultiplication(q, null, q, 0.5)));
          ops.add(custom(new AddOp(p, q, p)));
        }
        default -> throw new AssertionError(activation);
      }
    }
  }

  private static final double GELU_SCALE = Math.sqrt(2 / Math.PI);
  private static final double GELU_CUBIC = 0.044715;

  /** z = op(x) op(y), batched over the leading replica axis of rank-3 arrays. */
  private Runnable matmul(INDArray x, INDArray y, INDArray z, boolean tx, boolean ty) {
    return matmul(x, y, z, tx, ty, 1.0, 0.0);
  }

  /** z = α op(x) op(y) + β z. */
  private Runnable matmul(
      INDArray x, INDArray y, INDArray z, boolean tx, boolean ty, double alpha, double beta) {
    return custom(new Mmul(x, y, z, alpha, beta,
        MMulTranspose.builder().transposeA(tx).transposeB(ty).build()));
  }

  /**
   * into = the sum of from over one axis, kept as an axis of length 1. The custom op, not the
   * legacy {@link org.nd4j.linalg.api.ops.impl.reduce.same.Sum}, which derives its sub-array
   * shapes again on every call (30–150 µs here on a small pack, against 8–30 µs).
   */
  private Runnable reduceSum(INDArray from, INDArray into, int axis) {
    return custom(DynamicCustomOp.builder("reduce_sum")
        .addInputs(from).addOutputs(into).addIntegerArguments(axis).addBooleanArguments(true)
        .build());
  }

  private Runnable op(Op op) {
    return () -> Nd4j.getExecutioner().exec(op);
  }

  /**
   * The op bound once to a context holding its arrays and arguments: executing a prepared context
   * skips the per-call building of one (about 4 of the 5 µs a small op costs here).
   */
  private Runnable custom(CustomOp op) {
    OpContext context = Nd4j.getExecutioner().buildContext();
    contexts.add(context);
    context.setInputArrays(op.inputArguments());
    context.setOutputArrays(op.outputArguments());
    context.setIArguments(op.iArgs());
    context.setTArguments(op.tArgs());
    context.setBArguments(op.bArgs());
    context.setDArguments(op.dArgs());
    return () -> Nd4j.getExecutioner().exec(op, context);
  }

  /** A view of the first elements of a flat store with the given shape (no copy). */
  private static INDArray prefix(INDArray store, long... shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    INDArray head = n == store.length() ? store : store.get(NDArrayIndex.interval(0, n));
    INDArray v = head.reshape('c', shape);
    if (v.data() != store.data() && v.data().underlyingDataBuffer() != store.data()
        || v.offset() != 0) {
      throw new IllegalStateException("ND4J returned a copy for a prefix view of a flat store");
    }
    return v;
  }

  private void run(List<Runnable> ops) {
    for (Runnable op : ops) {
      op.run();
    }
  }

  // ---- host transfers ----

  private FloatPointer pointer(INDArray array) {
    return pointers.computeIfAbsent(array, x -> new FloatPointer(x.data().addressPointer()));
  }

  /** Copies src[0 … n) to the first n elements of {@code array} (host side, then tagged). */
  private void write(INDArray array, float[] src, int n) {
    AffinityManager affinity = Nd4j.getAffinityManager();
    affinity.ensureLocation(array, AffinityManager.Location.HOST);
    pointer(array).position(0).put(src, 0, n);
    affinity.tagLocation(array, AffinityManager.Location.HOST);
  }

  /** Copies the first n elements of {@code array} to dst[0 … n). */
  private void read(INDArray array, float[] dst, int n) {
    Nd4j.getExecutioner().commit();
    Nd4j.getAffinityManager().ensureLocation(array, AffinityManager.Location.HOST);
    pointer(array).position(0).get(dst, 0, n);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("pack tensors used after close");
    }
  }

  // ---- ReplicaTensors ----

  @Override
  public void loadParameters(float[][] hostW, float[][] hostB, float[] hostA, float[] hostC) {
    checkOpen();
    for (int l = 0; l < depth; l++) {
      write(w[l], hostW[l], (int) w[l].length());
      if (b[l] != null) {
        write(b[l], hostB[l], (int) b[l].length());
      }
    }
    write(a, hostA, (int) a.length());
    write(c, hostC, (int) c.length());
    for (INDArray v : new INDArray[] {va, vc}) {
      if (v != null) {
        v.assign(0);
      }
    }
    for (int l = 0; l < depth; l++) {
      if (vw[l] != null) {
        vw[l].assign(0);
      }
      if (vb[l] != null) {
        vb[l].assign(0);
      }
    }
  }

  @Override
  public void readParameters(float[][] hostW, float[][] hostB, float[] hostA, float[] hostC) {
    checkOpen();
    for (int l = 0; l < depth; l++) {
      read(w[l], hostW[l], (int) w[l].length());
      if (b[l] != null) {
        read(b[l], hostB[l], (int) b[l].length());
      }
    }
    read(a, hostA, (int) a.length());
    read(c, hostC, (int) c.length());
  }

  @Override
  public void readOutputBias(float[] hostC) {
    checkOpen();
    read(c, hostC, (int) c.length());
  }

  @Override
  public void loadStepScale(float[] scale) {
    write(stepScale, scale, replicas);
  }

  @Override
  public void loadOptimiser(float[] lr, float[] momentum, float[] decay) {
    write(eta, lr, replicas);
    write(mu, momentum, replicas);
    write(lambda, decay, replicas);
  }

  @Override
  public void batch(int rowsPerStep) {
    if (rowsPerStep < 1 || rowsPerStep > maxBatch) {
      throw new IllegalArgumentException(
          "batch size " + rowsPerStep + " outside 1 … " + maxBatch);
    }
    checkOpen();
    batch = rowsPerStep;
    graph = graphs.computeIfAbsent(rowsPerStep, Graph::new);
  }

  @Override
  public void zeroReplica(int r) {
    checkOpen();
    List<INDArray> all = new ArrayList<>();
    for (int l = 0; l < depth; l++) {
      all.add(w[l]);
      all.add(b[l]);
      all.add(vw[l]);
      all.add(vb[l]);
    }
    all.add(a);
    all.add(c);
    all.add(va);
    all.add(vc);
    for (INDArray t : all) {
      if (t != null) {
        t.get(NDArrayIndex.point(r), NDArrayIndex.all(), NDArrayIndex.all()).assign(0);
      }
    }
  }

  @Override
  public void loadInputs(float[] hostX) {
    checkOpen();
    if (fused) {
      write(xSharedStore, hostX, batch * rows);
      return;
    }
    int block = batch * rows;
    for (int r = 0; r < replicas; r++) {
      System.arraycopy(hostX, r * maxBatch * rows, staging, r * block, block);
    }
    write(xStore, staging, replicas * block);
  }

  @Override
  public void loadTargets(float[] hostTargets) {
    checkOpen();
    int outWide = replicas * outputs;
    for (int column = 0; column < outWide; column++) {
      for (int i = 0; i < batch; i++) {
        staging[column * batch + i] = hostTargets[i * outWide + column];
      }
    }
    write(targetStore, staging, outWide * batch);
  }

  @Override
  public void timing(boolean on) {
    timing = on && profile != null;
  }

  @Override
  public void forward() {
    checkOpen();
    long t = tick();
    run(graph.forward);
    tock(StepProfile.Phase.FIRST_LAYER, t);
  }

  @Override
  public void readOutputs(float[] hostOut) {
    readReplicaMajor(outStore, hostOut);
  }

  @Override
  public float residuals() {
    checkOpen();
    long t = tick();
    run(graph.residual);
    graph.sum.run();
    float sum = sumOfSquares.getFloat(0);
    tock(StepProfile.Phase.RESIDUAL, t);
    return sum;
  }

  @Override
  public void readResiduals(float[] hostE) {
    readReplicaMajor(outStore, hostE);
  }

  /** [R, k, B] (replica-major) to the host's B̂ × R·k (the first B rows). */
  private void readReplicaMajor(INDArray store, float[] host) {
    checkOpen();
    int outWide = replicas * outputs;
    read(store, staging, outWide * batch);
    for (int column = 0; column < outWide; column++) {
      for (int i = 0; i < batch; i++) {
        host[i * outWide + column] = staging[column * batch + i];
      }
    }
  }

  @Override
  public void backward() {
    checkOpen();
    long t = tick();
    run(graph.backward);
    tock(StepProfile.Phase.WEIGHT_GRADIENT, t);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (INDArray array : owned) {
      if (array.closeable()) {
        array.close();
      }
    }
    owned.clear();
    for (OpContext context : contexts) {
      try {
        context.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing an ND4J op context", e);
      }
    }
    contexts.clear();
    graphs.clear();
    pointers.clear();
  }

  private long tick() {
    return timing ? System.nanoTime() : 0;
  }

  private void tock(StepProfile.Phase phase, long since) {
    if (timing) {
      Nd4j.getExecutioner().commit();
      profile.add(phase, System.nanoTime() - since);
    }
  }
}
