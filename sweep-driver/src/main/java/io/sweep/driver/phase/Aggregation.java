package io.sweep.driver.phase;

import io.sweep.driver.UserError;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the runs (seeds) of one cell are summarised. */
public enum Aggregation {
  /** Mean of the metric, with a Student-t 95% interval. */
  MEAN,
  /** Median of the metric, with a percentile-bootstrap 95% interval. */
  MEDIAN,
  /** Fraction of runs where a boolean metric is true, with a Wilson 95% interval. */
  FRACTION;

  /** The lower-case name used on the command line and in tables. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code mean}, {@code median} or {@code fraction}.
   *
   * @throws UserError naming the option and the allowed values
   */
  public static Aggregation parse(String text, String option) {
    for (Aggregation a : values()) {
      if (a.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new UserError(option + ": unknown aggregation '" + text + "'; allowed: "
        + Arrays.stream(values()).map(Aggregation::label).collect(Collectors.joining(", ")));
  }
}
