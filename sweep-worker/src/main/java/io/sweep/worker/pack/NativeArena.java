package io.sweep.worker.pack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one owner of a pack's native memory: every {@link NativeBuffer} (and every ND4J array a
 * {@link Kernel} binds to raw pointers) is allocated here and released here, exactly once, when
 * the arena closes.
 *
 * <p>Why an owner at all: the pack trainer hands raw addresses to OpenBLAS and libnd4j. A raw
 * {@code Pointer} does not keep the ND4J buffer behind it alive, and ND4J frees a buffer's native
 * memory from its deallocator thread as soon as the garbage collector finds the buffer
 * unreachable, which a JIT-compiled method may make happen in the middle of a native call (this is
 * what corrupted the native heap in issue 20, in ND4J's own eigenvalue wrapper). Holding every
 * buffer in a live arena until an explicit {@link #close} rules that out for the pack trainer, and
 * releasing explicitly (not at GC time) makes the lifetime visible and testable.
 *
 * <p>Counters over the JVM ({@link #live()}, {@link #allocatedTotal()}) let tests check that every
 * allocation is released exactly once, also on divergence and on exceptions. Not thread-safe per
 * arena; the counters are.
 */
final class NativeArena implements AutoCloseable {

  private static final AtomicLong LIVE = new AtomicLong();
  private static final AtomicLong ALLOCATED = new AtomicLong();

  private final List<NativeBuffer> buffers = new ArrayList<>();
  private final List<INDArray> adopted = new ArrayList<>();
  private boolean closed;

  /** A zero-filled float buffer of the given shape, owned by this arena. */
  NativeBuffer zeros(long... shape) {
    checkOpen();
    NativeBuffer b = NativeBuffer.zeros(shape);
    own(b);
    return b;
  }

  /** A float buffer of the given shape filled with {@code value}, owned by this arena. */
  NativeBuffer filled(float value, long... shape) {
    NativeBuffer b = zeros(shape);
    b.array.assign(value);
    return b;
  }

  /**
   * Takes ownership of an array created elsewhere (e.g. the dimension list of a broadcast whose
   * address a kernel keeps): kept reachable until {@link #close}, then closed.
   */
  INDArray adopt(INDArray array) {
    checkOpen();
    adopted.add(array);
    LIVE.incrementAndGet();
    ALLOCATED.incrementAndGet();
    return array;
  }

  /** Releases everything this arena allocated, each exactly once; closing again does nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (NativeBuffer b : buffers) {
      b.release();
      LIVE.decrementAndGet();
    }
    for (INDArray a : adopted) {
      if (a.closeable()) {
        a.close();
      }
      LIVE.decrementAndGet();
    }
    buffers.clear();
    adopted.clear();
  }

  /** Whether {@link #close} has run. */
  boolean isClosed() {
    return closed;
  }

  /** Allocations not yet released, over every arena of this JVM. */
  static long live() {
    return LIVE.get();
  }

  /** Allocations ever made, over every arena of this JVM. */
  static long allocatedTotal() {
    return ALLOCATED.get();
  }

  private void own(NativeBuffer b) {
    buffers.add(b);
    LIVE.incrementAndGet();
    ALLOCATED.incrementAndGet();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("native arena used after close");
    }
  }
}
