package io.sweep.worker.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * A user's data set as the driver prepared it (read, validated, split, one-hot encoded and
 * standardised): a training pool of N rows and a test set, dense and row-major. What the driver
 * broadcasts to the executors once per sweep and {@link ProvidedData} holds there; runs draw their
 * training sets from the pool ({@link ProvidedData#dataSet}).
 *
 * <p>Plain arrays, so that it is serializable without {@link Samples} being so; the arrays must be
 * treated as read-only. Immutable and thread-safe.
 *
 * @param hash  the SHA-256 (hex) of the prepared content, {@link #contentHash}: its identity
 * @param path  where it was read from, for messages
 * @param d     features per row ≥ 1
 * @param k     labels per row ≥ 1
 * @param poolX training pool inputs, N × d
 * @param poolY training pool labels, N × k
 * @param testX test inputs, T × d
 * @param testY test labels, T × k
 */
public record ProvidedDataSet(
    String hash, String path, int d, int k, double[] poolX, double[] poolY, double[] testX,
    double[] testY) implements Serializable {
  private static final long serialVersionUID = 1L;

  public ProvidedDataSet {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(path, "path");
    if (d < 1 || k < 1) {
      throw new IllegalArgumentException("d and k must be >= 1, got " + d + ", " + k);
    }
    if (poolX.length % d != 0 || poolY.length != poolX.length / d * k || poolX.length == 0) {
      throw new IllegalArgumentException("training pool arrays of inconsistent or empty shape");
    }
    if (testX.length % d != 0 || testY.length != testX.length / d * k || testX.length == 0) {
      throw new IllegalArgumentException("test arrays of inconsistent or empty shape");
    }
  }

  /** Rows of the training pool, N. */
  public int poolRows() {
    return poolX.length / d;
  }

  /** Rows of the test set. */
  public int testRows() {
    return testX.length / d;
  }

  /** The test set, shared by every run of the data set. */
  public Samples test() {
    return new Samples(testRows(), d, k, testX, testY);
  }

  /**
   * SHA-256, in lower-case hex, of d, k, N, T (as 4-byte big-endian ints) then the IEEE-754 bits
   * of poolX, poolY, testX, testY (8-byte big-endian each): the identity of the data a run sees.
   */
  public static String contentHash(
      int d, int k, double[] poolX, double[] poolY, double[] testX, double[] testY) {
    java.security.MessageDigest sha;
    try {
      sha = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(16);
    header.putInt(d).putInt(k).putInt(poolX.length / d).putInt(testX.length / d);
    sha.update(header.array());
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8 * 1024);
    for (double[] a : new double[][] {poolX, poolY, testX, testY}) {
      for (double v : a) {
        if (!buf.hasRemaining()) {
          sha.update(buf.array(), 0, buf.position());
          buf.clear();
        }
        buf.putDouble(v);
      }
    }
    sha.update(buf.array(), 0, buf.position());
    return java.util.HexFormat.of().formatHex(sha.digest());
  }

  @Override
  public String toString() {
    return "ProvidedDataSet[" + path + ", " + poolRows() + " + " + testRows() + " rows, d = " + d
        + ", k = " + k + ", " + hash + "]";
  }
}
