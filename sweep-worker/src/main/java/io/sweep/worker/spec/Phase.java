package io.sweep.worker.spec;

import java.io.Serializable;

/**
 * One phase of a training schedule: from step {@code at + 1} on (after {@code at} steps), the knobs
 * it names take new values; the others keep theirs. A null knob is unchanged.
 *
 * @param at         steps taken before the phase starts, ≥ 1
 * @param lr         new step size η &gt; 0, or null
 * @param batchSize  new batch size B ≥ 1 (the driver resolves {@code full} to n), or null
 * @param labelNoise new label-noise σ ≥ 0, or null
 * @param momentum   new heavy-ball momentum μ ∈ [0, 1), or null
 */
public record Phase(long at, Double lr, Integer batchSize, Double labelNoise, Double momentum)
    implements Serializable {

  public Phase {
    if (at < 1) {
      throw new IllegalArgumentException("a phase starts after at least 1 step, got at = " + at);
    }
    if (lr != null && (!(lr > 0) || Double.isInfinite(lr))) {
      throw new IllegalArgumentException("phase lr must be finite and > 0, got " + lr);
    }
    if (batchSize != null && batchSize < 1) {
      throw new IllegalArgumentException("phase batch size must be >= 1, got " + batchSize);
    }
    if (labelNoise != null && (!(labelNoise >= 0) || Double.isInfinite(labelNoise))) {
      throw new IllegalArgumentException(
          "phase label noise must be finite and >= 0, got " + labelNoise);
    }
    if (momentum != null && !(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("phase momentum must be in [0, 1), got " + momentum);
    }
    if (lr == null && batchSize == null && labelNoise == null && momentum == null) {
      throw new IllegalArgumentException("the phase at " + at + " changes nothing");
    }
  }
}
