package io.sweep.worker.pack;

import io.sweep.worker.spec.Activation;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSet;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;

/**
 * The tensors of a pack of R replicas of f(x) = Σⱼ aⱼ σ(wⱼ·x + bⱼ) + c and the fixed sequence of
 * native calls that makes one SGD step on all of them.
 *
 * <p><b>Layout</b> (float32, row-major; m = width, d = input dimension, d̃ = d + 1 with biases, d
 * without; replica r owns columns r·m … r·m + m − 1 of every "wide" matrix):
 *
 * <ul>
 *   <li>{@code w}: R·m × d̃, row r·m + j is replica r's neuron j: its d weights, then its bias
 *       (each replica's block of m rows is contiguous);
 *   <li>{@code a}: R·m output weights; {@code c}: R output biases;
 *   <li>{@code x}: the inputs, with a trailing column of ones when there are biases; fused path
 *       B × d̃ shared by all replicas, general path R blocks of B × d̃;
 *   <li>{@code h}, {@code p}: B × R·m; {@code out}, {@code target}, {@code scaled}: B × R.
 * </ul>
 *
 * <p><b>One step</b> (Ē = E · 2η/B per replica, the loss L = (1/B) Σᵢ (f(xᵢ) − ỹᵢ)² having
 * gradient (2/B) Σᵢ Eᵢ ∂f(xᵢ)):
 *
 * <pre>{@code
 * forward:   H = X Wᵀ (1 GEMM fused, R GEMMs general);  H = σ(H);  P = H ⊙ a;  O = P·1 (GEMV)
 * residual:  E = O − Ỹ + 1 cᵀ (AXPY, GER);  Σ E² (DOT) for the divergence check
 * backward:  Ē = E ⊙ (2η/B);  P = σ'(H) ⊙ a ⊙ Ē
 *            W −= Pᵀ X (1 or R GEMMs);  aᵣ −= Hᵣᵀ Ēᵣ (R GEMVs);  c −= Ēᵀ 1 (GEMV)
 * }</pre>
 *
 * <p>That is 6 or 7 ND4J element-wise ops (prebuilt, reused every step), each serving all R
 * replicas, and 7 BLAS calls plus one small GEMV per replica (and two GEMMs per replica instead
 * of two wide ones on the general path) on the arrays' native memory; nothing is allocated per
 * step. A replica whose step scale is 0 is frozen: its Ē is 0, so none of its parameters moves.
 * Not thread-safe.
 */
final class PackTensors implements AutoCloseable {

  final int replicas;
  final int batch;
  final int inputDim;
  final int rows;
  final int width;
  final int wide;
  final boolean bias;
  final boolean fused;

  final NativeBuffer w;
  final NativeBuffer a;
  final NativeBuffer c;
  final NativeBuffer x;
  final NativeBuffer h;
  final NativeBuffer p;
  final NativeBuffer out;
  final NativeBuffer target;
  final NativeBuffer scaled;
  final NativeBuffer stepScale;
  private final NativeBuffer onesBatch;
  private final NativeBuffer onesWidth;

  private final Kernel activate;
  private final Kernel[] mask;
  private final Kernel outputWeights;
  private final Kernel scaleResiduals;
  private final Kernel deltaWeights;
  private final Kernel deltaResiduals;

  private final FloatPointer[] xOf;
  private final FloatPointer[] wOf;
  private final FloatPointer[] hOf;
  private final FloatPointer[] pOf;
  private final FloatPointer[] aOf;
  private final FloatPointer[] scaledOf;

  /** The one owner of every native buffer and bound array above. */
  private final NativeArena arena = new NativeArena();
  private final StepProfile profile;
  private boolean timing;

  /**
   * Allocates the tensors of a pack; all parameters are 0 until {@link #loadParameters}.
   *
   * @param replicas   R ≥ 1
   * @param batch      B ≥ 1, also the row count of every forward pass (evaluation goes by chunks
   *                   of B rows)
   * @param inputDim   d ≥ 1
   * @param width      m ≥ 1
   * @param activation σ
   * @param bias       whether b and c are parameters
   * @param fused      whether all replicas share one input matrix per step
   * @param profile    where to add the time of each phase, or null
   */
  PackTensors(
      int replicas, int batch, int inputDim, int width, Activation activation, boolean bias,
      boolean fused, StepProfile profile) {
    this.replicas = replicas;
    this.batch = batch;
    this.inputDim = inputDim;
    this.rows = bias ? inputDim + 1 : inputDim;
    this.width = width;
    this.wide = Math.multiplyExact(replicas, width);
    this.bias = bias;
    this.fused = fused;
    this.profile = profile;
    this.timing = profile != null;

    // Everything below allocates through the arena; if any step fails, what was allocated so far
    // is released before the exception leaves (nobody else holds it).
    try {
      w = arena.zeros(wide, rows);
      a = arena.zeros(wide);
      c = arena.zeros(replicas);
      x = fused ? arena.zeros(batch, rows) : arena.zeros(replicas, batch, rows);
      h = arena.zeros(batch, wide);
      p = arena.zeros(batch, wide);
      out = arena.zeros(batch, replicas);
      target = arena.zeros(batch, replicas);
      scaled = arena.zeros(batch, replicas);
      stepScale = arena.zeros(replicas);
      onesBatch = arena.filled(1f, batch);
      onesWidth = arena.filled(1f, width);

      activate =
          switch (activation) {
            case RELU -> Kernel.of(new RectifiedLinear(h.array, h.array, 0.0));
            case TANH -> Kernel.of(new Tanh(h.array, h.array));
            case LINEAR -> null;
            default -> throw new UnsupportedOperationException(activation.label());
          };
      // σ'(z) from h = σ(z): relu 1[h > 0] (= 1[z > 0], DL4J's derivative), tanh 1 − h², linear 1.
      mask =
          switch (activation) {
            case RELU -> new Kernel[] {Kernel.of(new Step(h.array, p.array, 0.0))};
            case TANH -> new Kernel[] {
                Kernel.of(new Square(h.array, p.array)),
                Kernel.of(new ScalarReverseSubtraction(p.array, null, p.array, 1.0))};
            case LINEAR -> new Kernel[] {Kernel.of(new ScalarSet(p.array, null, p.array, 1.0))};
            default -> throw new UnsupportedOperationException(activation.label());
          };
      outputWeights = Kernel.broadcastMul(arena, h.array, a.array, p.array, 1);
      scaleResiduals = Kernel.broadcastMul(arena, out.array, stepScale.array, scaled.array, 1);
      deltaWeights = Kernel.broadcastMul(arena, p.array, a.array, p.array, 1);
      INDArray p3 = view(p, batch, replicas, width);
      if (replicas > 1) {
        deltaResiduals = Kernel.broadcastMul(arena, p3, scaled.array, p3, 0, 1);
      } else {
        // libnd4j's TAD broadcast is slow when the replica axis has length 1 (up to 10×).
        deltaResiduals = Kernel.numpyMul(p3, view(scaled, batch, 1, 1), p3);
      }
      // Pointers to each replica's blocks, for the per-replica products.
      hOf = new FloatPointer[replicas];
      pOf = new FloatPointer[replicas];
      aOf = new FloatPointer[replicas];
      scaledOf = new FloatPointer[replicas];
      wOf = new FloatPointer[replicas];
      xOf = fused ? null : new FloatPointer[replicas];
      for (int r = 0; r < replicas; r++) {
        hOf[r] = h.at((long) r * width);
        pOf[r] = p.at((long) r * width);
        aOf[r] = a.at((long) r * width);
        scaledOf[r] = scaled.at(r);
        wOf[r] = w.at((long) r * width * rows);
        if (!fused) {
          xOf[r] = x.at((long) r * batch * rows);
        }
      }
    } catch (RuntimeException | Error e) {
      arena.close();
      throw e;
    }
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
   * Sets every parameter: {@code w} is R·m × d̃ as described in the class documentation, {@code
   * a} R·m, {@code c} R.
   */
  void loadParameters(float[] hostW, float[] hostA, float[] hostC) {
    checkOpen();
    w.put(hostW);
    a.put(hostA);
    c.put(hostC);
  }

  /** Copies every parameter to the heap (same layout as {@link #loadParameters}). */
  void readParameters(float[] hostW, float[] hostA, float[] hostC) {
    checkOpen();
    w.get(hostW);
    a.get(hostA);
    c.get(hostC);
  }

  /** Sets the per-replica factor 2η/B (0 freezes a replica). */
  void loadStepScale(float[] scale) {
    stepScale.put(scale);
  }

  /** Replica r's parameters become 0 (its outputs then 0: no NaN or overflow left to spread). */
  void zeroReplica(int r) {
    float[] zeros = new float[width * rows];
    w.put(zeros, width * rows, (long) r * width * rows);
    a.put(zeros, width, (long) r * width);
    c.put(zeros, 1, r);
  }

  /**
   * Loads the inputs: fused B × d̃, general R × B × d̃ (replica-major), ones already in the bias
   * column.
   */
  void loadInputs(float[] hostX) {
    checkOpen();
    x.put(hostX);
  }

  /** Loads the targets ỹ, B × R. */
  void loadTargets(float[] hostTargets) {
    target.put(hostTargets);
  }

  /** Turns phase timing on or off (off during evaluation, which is timed as a whole). */
  void timing(boolean on) {
    timing = on && profile != null;
  }

  /** O = f(X) − c for the loaded inputs, B × R, left in {@code out}. */
  void forward() {
    checkOpen();
    long t = tick();
    if (fused) {
      Blas.gemm(false, true, batch, wide, rows, 1f, x.pointer(), rows, w.pointer(), rows,
          0f, h.pointer(), wide);
    } else {
      for (int r = 0; r < replicas; r++) {
        Blas.gemm(false, true, batch, width, rows, 1f, xOf[r], rows, wOf[r], rows,
            0f, hOf[r], wide);
      }
    }
    t = tock(StepProfile.Phase.FIRST_LAYER, t);
    if (activate != null) {
      activate.run();
    }
    t = tock(StepProfile.Phase.ACTIVATION, t);
    outputWeights.run();
    Blas.gemv(false, batch * replicas, width, 1f, p.pointer(), width, onesWidth.pointer(), 1,
        0f, out.pointer(), 1);
    tock(StepProfile.Phase.OUTPUT_LAYER, t);
  }

  /** Copies the outputs O = f(X) − c (B × R) to the heap. */
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
    int n = batch * replicas;
    Blas.axpy(n, -1f, target.pointer(), out.pointer());
    if (bias) {
      Blas.ger(batch, replicas, 1f, onesBatch.pointer(), 1, c.pointer(), 1, out.pointer(),
          replicas);
    }
    float sum = Blas.dot(n, out.pointer(), out.pointer());
    tock(StepProfile.Phase.RESIDUAL, t);
    return sum;
  }

  /** Copies the residuals E (B × R) to the heap. */
  void readResiduals(float[] hostE) {
    out.get(hostE);
  }

  /** The SGD update of every replica from the residuals left by {@link #residuals()}. */
  void backward() {
    checkOpen();
    long t = tick();
    scaleResiduals.run();
    for (Kernel k : mask) {
      k.run();
    }
    deltaWeights.run();
    t = tock(StepProfile.Phase.MASK, t);
    deltaResiduals.run();
    t = tock(StepProfile.Phase.BROADCAST, t);
    if (fused) {
      Blas.gemm(true, false, wide, rows, batch, -1f, p.pointer(), wide, x.pointer(), rows,
          1f, w.pointer(), rows);
    } else {
      for (int r = 0; r < replicas; r++) {
        Blas.gemm(true, false, width, rows, batch, -1f, pOf[r], wide, xOf[r], rows,
            1f, wOf[r], rows);
      }
    }
    t = tock(StepProfile.Phase.WEIGHT_GRADIENT, t);
    // aᵣ −= Hᵣᵀ Ēᵣ: one small product per replica beats broadcasting Ē over all of H (a pass
    // over B·R·m values) and then summing its columns.
    for (int r = 0; r < replicas; r++) {
      Blas.gemv(true, batch, width, -1f, hOf[r], wide, scaledOf[r], replicas, 1f, aOf[r], 1);
    }
    if (bias) {
      Blas.gemv(true, batch, replicas, -1f, scaled.pointer(), replicas, onesBatch.pointer(), 1,
          1f, c.pointer(), 1);
    }
    tock(StepProfile.Phase.OUTPUT_GRADIENT, t);
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
