package io.sweep.worker.spec;

/**
 * How the hidden layers and (with {@link OutputInit#RANDOM}) the output layer are initialised,
 * scaled by {@link ModelSpec#initScale()} s.
 */
public enum Init {
  /**
   * LeCun normal: layer 1 wⱼₖ ~ N(0, s²/d), deeper hidden layers ~ N(0, s²/m), output aⱼ ~
   * N(0, s²/m); biases 0.
   */
  LECUN,
  /**
   * Balanced (Boursier &amp; Flammarion): hidden layers as LeCun, then each output weight aⱼ =
   * ±‖wⱼ‖ with a random sign, wⱼ the incoming weights of neuron j of the last hidden layer, so
   * that ‖wⱼ‖² − aⱼ² = 0 for every neuron (a conserved quantity of gradient flow for relu).
   * Needs {@link OutputInit#RANDOM} (the output weights are drawn, not fixed).
   */
  BALANCED;

  /** The config label. */
  public String label() {
    return Labels.of(this);
  }

  /** Parses a config label, case-insensitively. */
  public static Init parse(String label) {
    return Labels.parse(Init.class, "init", label);
  }

  /** The allowed labels, for error messages. */
  public static String labels() {
    return Labels.all(Init.class);
  }
}
