package io.sweep.worker.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * A two-layer network f(x) = Σⱼ aⱼ σ(wⱼ·x + bⱼ) (+ c), width m.
 *
 * <p>Initialisation: wⱼ ~ N(0, s²/d I), aⱼ ~ N(0, s²/m), biases 0, where s is {@code initScale}
 * (s = 1 is LeCun's normal initialisation; small s is the small-initialisation regime of
 * SCIENCE.md §4).
 *
 * @param width      number of hidden neurons m, ≥ 1
 * @param activation the hidden activation σ
 * @param initScale  s &gt; 0, multiplies the standard deviation of every initial weight
 * @param bias       whether the hidden and output layers have biases
 */
public record ModelSpec(int width, Activation activation, double initScale, boolean bias)
    implements Serializable {

  public ModelSpec {
    Objects.requireNonNull(activation, "activation");
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, got " + width);
    }
    if (!(initScale > 0) || Double.isInfinite(initScale)) {
      throw new IllegalArgumentException("initScale must be finite and > 0, got " + initScale);
    }
  }
}
