package io.sweep.worker.run;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The target function of teacher-student data. */
public enum Teacher {
  /** f*(x) = β*·x with a unit-norm β* drawn from the data seed. */
  LINEAR;

  /** The name used in config files and tables. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a config label, case-insensitively. */
  public static Teacher parse(String label) {
    for (Teacher t : values()) {
      if (t.label().equalsIgnoreCase(label.trim())) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown teacher '" + label + "'; allowed: " + labels());
  }

  /** The allowed labels, for error messages. */
  public static String labels() {
    return Arrays.stream(values()).map(Teacher::label).collect(Collectors.joining(", "));
  }
}
