package io.sweep.driver.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The keys of one phase of {@code train.schedule}, in canonical order, each typed and checked as
 * the parameter it changes ({@code at} as a step count, like {@code steps}).
 */
public enum PhaseKnob {
  /** Steps taken before the phase starts (required); it applies from step at + 1. */
  AT(Parameter.STEPS),
  LR(Parameter.LR),
  /** An integer or {@code full} (B = n of the run). */
  BATCH_SIZE(Parameter.BATCH_SIZE),
  LABEL_NOISE(Parameter.LABEL_NOISE),
  MOMENTUM(Parameter.MOMENTUM);

  private final Parameter parameter;

  PhaseKnob(Parameter parameter) {
    this.parameter = parameter;
  }

  /** The parameter whose type and range the knob's values have. */
  public Parameter parameter() {
    return parameter;
  }

  /** The key in a phase and in a phase axis's name, e.g. {@code label-noise}. */
  public String key() {
    return KnownKeys.key(this);
  }

  /** Every knob's key, in canonical order. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(PhaseKnob::key).toList();
  }

  /** The knob of a key, e.g. {@code batch-size}. */
  public static Optional<PhaseKnob> byKey(String key) {
    return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst();
  }
}
