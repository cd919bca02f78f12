package io.sweep.worker.pack;

import org.bytedeco.javacpp.LongPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.cpu.nativecpu.buffer.BaseCpuDataBuffer;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nd4j.nativeblas.OpaqueDataBuffer;

/**
 * One ND4J op bound once to its preallocated arrays and run many times, every step.
 *
 * <p>Scalar and transform ops go through {@code Nd4j.getExecutioner().exec(op)} with the same op
 * object each time (about 1 µs of Java overhead). Broadcast ops are called straight through
 * libnd4j's {@link NativeOps#execBroadcast} with pointers resolved at bind time: ND4J's executioner
 * wraps the TAD buffers of every broadcast call in new Java data buffers (a UUID, a registry entry,
 * a deallocator: 15–120 µs per call on a loaded 2-core machine, against a few µs of arithmetic for
 * a tiny pack), and libnd4j finds the same TADs in its own cache anyway.
 *
 * <p>Not thread-safe; keeps its arrays reachable.
 */
abstract class Kernel {

  /** Runs the op. */
  abstract void run();

  /** An op run through ND4J's executioner (the same op object every time). */
  static Kernel of(Op op) {
    return new Kernel() {
      @Override
      void run() {
        Nd4j.getExecutioner().exec(op);
      }
    };
  }

  /**
   * z = x ⊙ y with y broadcast along {@code dims} of x (ND4J's {@code BroadcastMulOp}
   * semantics: y's shape is x's shape at those dimensions). z may be x.
   */
  static Kernel broadcastMul(NativeArena arena, INDArray x, INDArray y, INDArray z, int... dims) {
    BroadcastMulOp op = new BroadcastMulOp(x, y, z, dims);
    if (x.data() instanceof BaseCpuDataBuffer && y.data() instanceof BaseCpuDataBuffer
        && z.data() instanceof BaseCpuDataBuffer) {
      return new DirectBroadcast(op.opNum(), x, y, z, arena.adopt(Nd4j.createFromArray(dims)));
    }
    return of(op);
  }

  /**
   * z = x ⊙ y with numpy-style broadcasting (y has size 1 where it is broadcast), through the
   * executioner: for shapes where the TAD-based broadcast is slow (a single replica).
   */
  static Kernel numpyMul(INDArray x, INDArray y, INDArray z) {
    return custom(new MulOp(x, y, z));
  }

  /** A custom op (e.g. a pairwise add of equal shapes) run through the executioner. */
  static Kernel custom(CustomOp op) {
    return new Kernel() {
      @Override
      void run() {
        Nd4j.getExecutioner().exec(op);
      }
    };
  }

  /**
   * A broadcast op with every pointer resolved once. The pointers are bare addresses: the arrays
   * behind them are held by this kernel and owned by the pack's {@link NativeArena}, which must
   * outlive every {@link #run}.
   */
  private static final class DirectBroadcast extends Kernel {
    private final NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
    private final int opNum;
    // The arrays own the memory behind the pointers: keep them reachable.
    private final INDArray x;
    private final INDArray y;
    private final INDArray z;
    private final INDArray dims;
    private final OpaqueDataBuffer xb;
    private final OpaqueDataBuffer yb;
    private final OpaqueDataBuffer zb;
    private final OpaqueDataBuffer db;
    private final LongPointer xs;
    private final LongPointer ys;
    private final LongPointer zs;
    private final LongPointer ds;

    DirectBroadcast(int opNum, INDArray x, INDArray y, INDArray z, INDArray dims) {
      for (INDArray a : new INDArray[] {x, y, z}) {
        if (a.offset() != 0) {
          throw new IllegalArgumentException("direct broadcast needs arrays at offset 0");
        }
      }
      this.opNum = opNum;
      this.x = x;
      this.y = y;
      this.z = z;
      this.dims = dims;
      xb = opaque(x);
      yb = opaque(y);
      zb = opaque(z);
      db = opaque(this.dims);
      xs = shapeInfo(x);
      ys = shapeInfo(y);
      zs = shapeInfo(z);
      ds = shapeInfo(this.dims);
    }

    private static OpaqueDataBuffer opaque(INDArray a) {
      return ((BaseCpuDataBuffer) a.data()).getOpaqueDataBuffer();
    }

    private static LongPointer shapeInfo(INDArray a) {
      return (LongPointer) a.shapeInfoDataBuffer().addressPointer();
    }

    @Override
    void run() {
      ops.execBroadcast(null, opNum, xb, xs, null, yb, ys, null, zb, zs, null, db, ds, null);
      if (ops.lastErrorCode() != 0) {
        throw new IllegalStateException(
            "libnd4j broadcast op " + opNum + " failed: " + ops.lastErrorMessage());
      }
    }
  }
}
