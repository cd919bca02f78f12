package io.sweep.worker.diagnose;

import java.nio.DoubleBuffer;
import org.bytedeco.javacpp.DoublePointer;

/**
 * A reusable double array in native memory, seen as a {@link DoublePointer} (for {@link
 * PointerGemm}: BLAS reads and writes it in place, where a Java array is copied in and out by
 * JavaCPP on every call) and as a direct {@link DoubleBuffer} (for the element-wise loops in
 * Java). Its contents are undefined until written.
 *
 * <p>Released by {@link #close()} (JavaCPP's deallocator frees it at garbage collection if it
 * never is). Not thread-safe.
 */
final class OffHeapDoubles implements AutoCloseable {

  private final DoublePointer base;
  /** The elements, absolute indices 0 … length − 1; never repositioned. */
  final DoubleBuffer buffer;
  final int length;

  OffHeapDoubles(int length) {
    if (length < 1) {
      throw new IllegalArgumentException("length must be >= 1, got " + length);
    }
    this.length = length;
    this.base = new DoublePointer(length);
    this.buffer = base.asBuffer();
  }

  /** A pointer to element {@code offset}, for one native call. */
  DoublePointer at(long offset) {
    return new DoublePointer(base).position(offset);
  }

  /** Copies {@code source} into elements {@code offset} … {@code offset + source.length − 1}. */
  void put(int offset, double[] source) {
    buffer.put(offset, source);
  }

  @Override
  public void close() {
    base.close();
  }
}
