package io.sweep.worker.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where teacher–student labels come from ({@code data.labels}). */
public enum LabelLaw {
  /** y = label-scale · (f*(x) + teacher-offset) + noise: the neutral law. */
  TEACHER,
  /** y = label-scale · u + noise with u ~ U(−1, 1) i.i.d. per sample and output: no teacher. */
  UNIFORM;

  /** The name used in config files and tables. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a config label, case-insensitively. */
  public static LabelLaw parse(String label) {
    for (LabelLaw l : values()) {
      if (l.label().equalsIgnoreCase(label.trim())) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown label law '" + label + "'; allowed: " + labels());
  }

  /** The allowed labels, for error messages. */
  public static String labels() {
    return Arrays.stream(values()).map(LabelLaw::label).collect(Collectors.joining(", "));
  }
}
