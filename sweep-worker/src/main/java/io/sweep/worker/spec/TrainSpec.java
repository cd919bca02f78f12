package io.sweep.worker.spec;

import java.io.Serializable;

/**
 * Plain minibatch SGD on the mean squared error, with fresh label noise on every minibatch.
 *
 * @param lr               step size η &gt; 0
 * @param batchSize        minibatch size B ≥ 1 (≤ the sample count; batches are drawn without
 *                         replacement within an epoch)
 * @param labelNoise       σ ≥ 0: every step adds fresh N(0, σ²) noise to the minibatch targets
 * @param steps            number of SGD steps ≥ 1
 * @param logEvery         the training loss is evaluated (and divergence checked) every this many
 *                         steps, ≥ 1
 * @param divergenceFactor the run diverges when its training loss exceeds this multiple of the
 *                         loss at step 0 (or becomes non-finite), &gt; 1
 */
public record TrainSpec(
    double lr, int batchSize, double labelNoise, long steps, int logEvery, double divergenceFactor)
    implements Serializable {

  public TrainSpec {
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("lr must be finite and > 0, got " + lr);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (!(labelNoise >= 0) || Double.isInfinite(labelNoise)) {
      throw new IllegalArgumentException("labelNoise must be finite and >= 0, got " + labelNoise);
    }
    if (steps < 1 || logEvery < 1) {
      throw new IllegalArgumentException(
          "steps and logEvery must be >= 1, got " + steps + ", " + logEvery);
    }
    if (!(divergenceFactor > 1)) {
      throw new IllegalArgumentException("divergenceFactor must be > 1, got " + divergenceFactor);
    }
  }
}
