package io.sweep.worker.train;

import io.sweep.worker.data.Seeds;
import java.util.SplittableRandom;

/**
 * Minibatches drawn without replacement, epoch by epoch.
 *
 * <p>Each epoch is a fresh Fisher-Yates shuffle of 0 … n−1 (for i = n−1 down to 1, swap i with
 * {@code nextInt(i + 1)}) from one {@code SplittableRandom(Seeds.derive(seed, "batches"))};
 * batches are its consecutive chunks of B. When fewer than B indices are left in the epoch they
 * are dropped and the next epoch starts (drop-last), so an index never repeats within a batch and
 * each epoch has ⌊n/B⌋ batches.
 *
 * <p>Not thread-safe: one sampler per run.
 */
public final class MinibatchSampler {

  private final int batchSize;
  private final int[] order;
  private final SplittableRandom rng;
  private int position;

  /**
   * A sampler over sample indices 0 … n−1.
   *
   * @param n         number of samples, ≥ 1
   * @param batchSize B, 1 ≤ B ≤ n
   * @param seed      the run's seed; the stream {@code "batches"} derives from it
   */
  public MinibatchSampler(int n, int batchSize, long seed) {
    if (n < 1 || batchSize < 1 || batchSize > n) {
      throw new IllegalArgumentException(
          "need 1 <= batchSize <= n, got batchSize " + batchSize + ", n " + n);
    }
    this.batchSize = batchSize;
    this.order = new int[n];
    this.rng = new SplittableRandom(Seeds.derive(seed, Seeds.BATCHES));
    this.position = n; // forces the first shuffle on the first call
  }

  /** The batch size B. */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Writes the next batch's B sample indices into {@code into}.
   *
   * @param into an array of length B, overwritten
   */
  public void next(int[] into) {
    if (into.length != batchSize) {
      throw new IllegalArgumentException(
          "batch array has length " + into.length + ", expected " + batchSize);
    }
    if (order.length - position < batchSize) {
      shuffle();
    }
    System.arraycopy(order, position, into, 0, batchSize);
    position += batchSize;
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
