package io.sweep.worker.train;

import io.sweep.worker.data.Seeds;
import io.sweep.worker.spec.Sampling;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Minibatch indices, from one {@code SplittableRandom(Seeds.derive(seed, "batches"))} per run.
 *
 * <p><b>Without replacement</b> (the default): each epoch is a fresh Fisher-Yates shuffle of 0 …
 * n−1 (for i = n−1 down to 1, swap i with {@code nextInt(i + 1)}); batches are its consecutive
 * chunks. When fewer indices are left in the epoch than the batch asks for, they are dropped and
 * the next epoch starts (drop-last), so an index never repeats within a batch. With a constant B
 * each epoch has ⌊n/B⌋ batches; when a schedule changes B, the next batch simply takes the new
 * count from the current epoch (or starts a new one). B = n is full-batch gradient descent.
 *
 * <p><b>With replacement</b>: each index is {@code nextInt(n)}, independently.
 *
 * <p>Not thread-safe: one sampler per run.
 */
public final class MinibatchSampler {

  private final int batchSize;
  private final Sampling sampling;
  private final int[] order;
  private final SplittableRandom rng;
  private int position;

  /** A sampler without replacement over 0 … n−1 with default batch size B (1 ≤ B ≤ n). */
  public MinibatchSampler(int n, int batchSize, long seed) {
    this(n, batchSize, Sampling.WITHOUT_REPLACEMENT, seed);
  }

  /**
   * A sampler over sample indices 0 … n−1.
   *
   * @param n         number of samples, ≥ 1
   * @param batchSize default batch size B, 1 ≤ B ≤ n
   * @param sampling  with or without replacement
   * @param seed      the run's seed; the stream {@code "batches"} derives from it
   */
  public MinibatchSampler(int n, int batchSize, Sampling sampling, long seed) {
    if (n < 1 || batchSize < 1 || batchSize > n) {
      throw new IllegalArgumentException(
          "need 1 <= batchSize <= n, got batchSize " + batchSize + ", n " + n);
    }
    this.batchSize = batchSize;
    this.sampling = Objects.requireNonNull(sampling, "sampling");
    this.order = new int[n];
    this.rng = new SplittableRandom(Seeds.derive(seed, Seeds.BATCHES));
    this.position = n; // forces the first shuffle on the first call
  }

  /** The default batch size B. */
  public int batchSize() {
    return batchSize;
  }

  /** Writes the next batch's B (default) sample indices into {@code into}, of length B. */
  public void next(int[] into) {
    if (into.length != batchSize) {
      throw new IllegalArgumentException(
          "batch array has length " + into.length + ", expected " + batchSize);
    }
    next(into, batchSize);
  }

  /**
   * Writes the next batch's {@code count} sample indices into {@code into[0 … count − 1]}.
   *
   * @param count the batch size of this step, 1 ≤ count ≤ n
   */
  public void next(int[] into, int count) {
    if (count < 1 || count > order.length || into.length < count) {
      throw new IllegalArgumentException(
          "need 1 <= count <= n = " + order.length + " and room for it, got count " + count
              + " and an array of " + into.length);
    }
    if (sampling == Sampling.WITH_REPLACEMENT) {
      for (int i = 0; i < count; i++) {
        into[i] = rng.nextInt(order.length);
      }
      return;
    }
    if (order.length - position < count) {
      shuffle();
    }
    System.arraycopy(order, position, into, 0, count);
    position += count;
  }

  /** The next batch's indices in a new array of length B. */
  public int[] next() {
    int[] batch = new int[batchSize];
    next(batch);
    return batch;
  }

  private void shuffle() {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    position = 0;
  }
}
