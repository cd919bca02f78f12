package io.sweep.driver.phase;

import java.util.List;

/**
 * The summary of one cell of a phase diagram.
 *
 * @param value    the aggregate (mean, median or fraction) over the runs that have a value; NaN when none
 * @param low      lower end of its 95% interval (NaN when no value)
 * @param high     upper end of its 95% interval
 * @param seeds    runs that contributed a value
 * @param runs     runs in the cell, whatever their status
 * @param diverged runs that diverged (no diagnostics)
 * @param failed   runs that failed
 */
public record CellStats(double value, double low, double high, int seeds, int runs, int diverged, int failed) {

  /**
   * Aggregates the values of a cell's runs.
   *
   * @param values   one value per run that has one (for {@link Aggregation#FRACTION}: 1 for true, 0 for false)
   * @param runs     all runs of the cell
   * @param diverged of which diverged
   * @param failed   of which failed
   */
  public static CellStats of(Aggregation agg, List<Double> values, int runs, int diverged, int failed) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    double value;
    double[] ci;
    switch (agg) {
      case MEAN -> {
        value = Intervals.mean(v);
        ci = Intervals.studentT(v);
      }
      case MEDIAN -> {
        value = Intervals.median(v);
        ci = Intervals.bootstrapMedian(v);
      }
      case FRACTION -> {
        int successes = 0;
        for (double x : v) {
          successes += x != 0 ? 1 : 0;
        }
        value = v.length == 0 ? Double.NaN : (double) successes / v.length;
        ci = Intervals.wilson(successes, v.length);
      }
      default -> throw new IllegalArgumentException(agg.toString());
    }
    return new CellStats(value, ci[0], ci[1], v.length, runs, diverged, failed);
  }

  /** Whether some runs of the cell gave no value (diverged, failed, or a null metric). */
  public boolean incomplete() {
    return seeds < runs;
  }

  /** Whether the cell has no value at all. */
  public boolean empty() {
    return seeds == 0;
  }

  /** Whether the 95% interval contains {@code level} (an empty cell is undecided too). */
  public boolean straddles(double level) {
    return empty() || (low <= level && level <= high);
  }
}
