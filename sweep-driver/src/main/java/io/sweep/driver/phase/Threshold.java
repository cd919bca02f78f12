package io.sweep.driver.phase;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The optimization threshold of one cell of the other axes.
 *
 * @param axis     the axis the threshold lies on (usually {@code samples})
 * @param cell     the other varied axes' values, in canonical order (empty when none vary)
 * @param level    the fraction whose crossing is the threshold (½)
 * @param estimate the crossing, its bracket and the counts behind it
 */
public record Threshold(String axis, Map<String, Object> cell, double level, ThresholdEstimator.Estimate estimate) {

  public Threshold {
    cell = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cell));
  }

  /** {@code lr=0.05, batch_size=8}, or {@code (all runs)} when no other axis varies. */
  public String cellLabel() {
    return cell.isEmpty() ? "(all runs)"
        : cell.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
  }

  /** The interpolated threshold, NaN when the fraction never crosses the level. */
  public double value() {
    return estimate.crossing().at();
  }
}
