package io.sweep.driver.phase;

import java.util.Comparator;
import java.util.List;

/**
 * The optimization threshold of one cell (../shared/SCIENCE.md): the sample count where the
 * fraction of seeds that interpolate crosses ½, interpolated in log n between the bracketing grid
 * values. Pure arithmetic over per-n counts.
 */
public final class ThresholdEstimator {
  private ThresholdEstimator() {}

  /**
   * Interpolation counts at one value of the axis.
   *
   * @param n            the axis value (sample count)
   * @param interpolated runs that interpolate
   * @param seeds        runs with a value (ok runs)
   * @param runs         all runs, diverged and failed included
   */
  public record Point(double n, int interpolated, int seeds, int runs) {
    /** The fraction that interpolates; NaN without seeds. */
    public double fraction() {
      return seeds == 0 ? Double.NaN : (double) interpolated / seeds;
    }
  }

  /**
   * The estimate for one cell.
   *
   * @param crossing     where the fraction crosses the level ({@link Crossing})
   * @param fractionLow  fraction interpolating at the lower bracket (NaN when open)
   * @param fractionHigh fraction at the upper bracket
   * @param seedsLow     seeds at the lower bracket (0 when open)
   * @param seedsHigh    seeds at the upper bracket
   * @param points       axis values with runs
   * @param runs         runs of the cell
   */
  public record Estimate(Crossing crossing, double fractionLow, double fractionHigh, int seedsLow, int seedsHigh,
      int points, int runs) {

    /** A short human-readable status. */
    public String status() {
      return switch (crossing.status()) {
        case CROSSED -> crossing.crossings() > 1
            ? "crossed " + crossing.crossings() + " times (not monotone; first crossing)"
            : "crossed";
        case ALWAYS_ABOVE -> "interpolates at every n: threshold above " + fmt(crossing.low());
        case ALWAYS_BELOW -> "interpolates at no n: threshold below " + fmt(crossing.high());
        case NO_DATA -> "no ok runs";
      };
    }

    private static String fmt(double v) {
      return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
  }

  /** Estimates the threshold at {@code level} (½ in SCIENCE.md) from per-n counts in any order. */
  public static Estimate estimate(List<Point> points, double level) {
    List<Point> sorted = points.stream().sorted(Comparator.comparingDouble(Point::n)).toList();
    double[] xs = sorted.stream().mapToDouble(Point::n).toArray();
    double[] fs = sorted.stream().mapToDouble(Point::fraction).toArray();
    Crossing c = Crossing.find(xs, fs, level, xs.length > 0 && xs[0] > 0);
    Point low = find(sorted, c.low());
    Point high = find(sorted, c.high());
    return new Estimate(c,
        low == null ? Double.NaN : low.fraction(), high == null ? Double.NaN : high.fraction(),
        low == null ? 0 : low.seeds(), high == null ? 0 : high.seeds(),
        sorted.size(), sorted.stream().mapToInt(Point::runs).sum());
  }

  private static Point find(List<Point> points, double n) {
    for (Point p : points) {
      if (p.n() == n) {
        return p;
      }
    }
    return null;
  }
}
