package io.sweep.worker.pack;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A preallocated float32 array in native memory, seen both as an ND4J {@link INDArray} (for ND4J's
 * element-wise ops) and as a raw {@link FloatPointer} (for direct BLAS calls and bulk copies from
 * and to the Java heap). Row-major ('c' order), never a view.
 *
 * <p>The INDArray holds the memory; this object keeps it reachable for as long as the pointers are
 * used, and a {@link NativeArena} owns this object and releases it exactly once. The raw pointers
 * are bare addresses: they do not keep the memory alive by themselves. Not thread-safe.
 */
final class NativeBuffer {

  final INDArray array;
  final long length;
  private final FloatPointer base;
  private boolean released;

  private NativeBuffer(INDArray array) {
    this.array = array;
    this.length = array.length();
    this.base = new FloatPointer(array.data().addressPointer());
  }

  /**
   * A zero-filled buffer of the given shape, outside any ND4J workspace the calling thread may
   * have open (its memory must outlive such a scope). Allocate through {@link NativeArena}, the
   * owner that releases it.
   */
  @SuppressWarnings("try") // the scope is entered for its side effect only
  static NativeBuffer zeros(long... shape) {
    try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      return new NativeBuffer(Nd4j.create(DataType.FLOAT, shape, 'c'));
    }
  }

  /** A new pointer to element {@code offset} (create once, outside the per-step path). */
  FloatPointer at(long offset) {
    if (offset < 0 || offset >= length) {
      throw new IndexOutOfBoundsException("offset " + offset + " in a buffer of " + length);
    }
    return new FloatPointer(base).position(offset);
  }

  /** The pointer to element 0 (shared; do not move its position). */
  FloatPointer pointer() {
    return base;
  }

  /** Copies {@code src[0 … n)} to elements {@code offset … offset + n)}. */
  void put(float[] src, int n, long offset) {
    if (offset < 0 || offset + n > length) {
      throw new IndexOutOfBoundsException(n + " values at " + offset + " in a buffer of " + length);
    }
    base.position(offset).put(src, 0, n);
    base.position(0);
  }

  /** Copies the whole of {@code src} (its length must be this buffer's) into the buffer. */
  void put(float[] src) {
    if (src.length != length) {
      throw new IllegalArgumentException(src.length + " values for a buffer of " + length);
    }
    put(src, src.length, 0);
  }

  /**
   * Frees the native memory now, not at garbage collection; the buffer is unusable after. Called
   * by its arena only; a second release is a bug in the owner and fails loudly.
   */
  void release() {
    if (released) {
      throw new IllegalStateException("native buffer of " + length + " floats released twice");
    }
    released = true;
    if (array.closeable()) {
      array.close();
    }
  }

  /** Whether {@link #release} has run. */
  boolean isReleased() {
    return released;
  }

  /** Copies the whole buffer into {@code dst}, whose length must be this buffer's. */
  void get(float[] dst) {
    if (dst.length != length) {
      throw new IllegalArgumentException(dst.length + " values from a buffer of " + length);
    }
    base.position(0).get(dst, 0, dst.length);
  }
}
