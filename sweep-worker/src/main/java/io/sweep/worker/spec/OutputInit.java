package io.sweep.worker.spec;

/** The initial output weights aⱼ (Gatmiry et al. fix them to a constant and freeze them). */
public enum OutputInit {
  /** Drawn by {@link ModelSpec#init()} (LeCun normal, or balanced). */
  RANDOM,
  /** aⱼ = 1 for every neuron (not scaled by init-scale). */
  ONES,
  /** aⱼ = 1/m for every neuron (not scaled by init-scale): the mean-field output. */
  ONES_OVER_WIDTH;

  /** The config label, e.g. {@code ones-over-width}. */
  public String label() {
    return Labels.of(this);
  }

  /** Parses a config label, case-insensitively. */
  public static OutputInit parse(String label) {
    return Labels.parse(OutputInit.class, "output-init", label);
  }

  /** The allowed labels, for error messages. */
  public static String labels() {
    return Labels.all(OutputInit.class);
  }
}
