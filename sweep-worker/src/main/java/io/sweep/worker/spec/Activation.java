package io.sweep.worker.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Hidden-layer activations. {@link #odd()} matters for collapse: σ(−z) = −σ(z) merges ±θ. */
public enum Activation {
  RELU(false),
  TANH(true),
  LINEAR(true);

  private final boolean odd;

  Activation(boolean odd) {
    this.odd = odd;
  }

  /** Whether σ is odd, so that the neuron (−w, −b, −a) computes the same function as (w, b, a). */
  public boolean odd() {
    return odd;
  }

  /** The name used in config files and tables, e.g. {@code relu}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a config label, case-insensitively. */
  public static Activation parse(String label) {
    for (Activation a : values()) {
      if (a.label().equalsIgnoreCase(label.trim())) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown activation '" + label + "'; allowed: " + labels());
  }

  /** The allowed labels, for error messages. */
  public static String labels() {
    return Arrays.stream(values()).map(Activation::label).collect(Collectors.joining(", "));
  }
}
