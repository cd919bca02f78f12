package io.sweep.worker.spec;

/** How a minibatch's B sample indices are drawn (SCIENCE.md, "Effective noise of the batch rule"). */
public enum Sampling {
  /**
   * Epochs of fresh shuffles cut into batches of B, the remainder dropped (drop-last): no index
   * repeats within a batch; B = n is full-batch gradient descent.
   */
  WITHOUT_REPLACEMENT,
  /** B indices drawn independently and uniformly from 0 … n−1 every step. */
  WITH_REPLACEMENT;

  /** The config label, e.g. {@code without-replacement}. */
  public String label() {
    return Labels.of(this);
  }

  /** Parses a config label, case-insensitively. */
  public static Sampling parse(String label) {
    return Labels.parse(Sampling.class, "sampling", label);
  }

  /** The allowed labels, for error messages. */
  public static String labels() {
    return Labels.all(Sampling.class);
  }
}
