package io.sweep.driver.phase;

/**
 * Where a sampled curve y(x) crosses a level: the first pair of neighbouring samples on opposite
 * sides (a sample exactly at the level counts as "at or above"), with x interpolated linearly in
 * y — in log x on a log axis. Pure arithmetic, shared by the threshold estimate and refinement.
 *
 * @param status    {@link Status#CROSSED}, or where the curve stays when it never crosses
 * @param index     index of the lower bracket sample, or −1 without a crossing
 * @param at        the interpolated crossing, NaN without one
 * @param low       lower bracket (x of sample {@code index}); without a crossing the largest x when
 *                  the curve stays above, NaN when it stays below
 * @param high      upper bracket; without a crossing the smallest x when the curve stays below
 * @param crossings how many neighbouring pairs cross (more than one: not monotone)
 */
public record Crossing(Status status, int index, double at, double low, double high, int crossings) {

  /** Whether and how the curve crosses. */
  public enum Status {
    /** Crosses between {@code low} and {@code high}. */
    CROSSED,
    /** At or above the level at every sample: the crossing, if any, lies beyond the largest x. */
    ALWAYS_ABOVE,
    /** Below the level at every sample: the crossing, if any, lies before the smallest x. */
    ALWAYS_BELOW,
    /** No samples with a value. */
    NO_DATA
  }

  /**
   * Finds the first crossing of {@code level} by samples {@code ys} at sorted {@code xs} (NaN
   * samples are skipped).
   */
  public static Crossing find(double[] xs, double[] ys, double level, boolean log) {
    int first = -1;
    int previous = -1;
    boolean anyAbove = false;
    boolean anyBelow = false;
    for (int i = 0; i < xs.length; i++) {
      if (Double.isNaN(ys[i])) {
        continue;
      }
      boolean above = ys[i] >= level;
      anyAbove |= above;
      anyBelow |= !above;
      if (previous >= 0 && (ys[previous] >= level) != above) {
        if (first < 0) {
          first = previous;
          int next = i;
          double t = (ys[first] - level) / (ys[first] - ys[next]);
          double at = log
              ? Math.exp(Math.log(xs[first]) + t * (Math.log(xs[next]) - Math.log(xs[first])))
              : xs[first] + t * (xs[next] - xs[first]);
          return withCount(new Crossing(Status.CROSSED, first, at, xs[first], xs[next], 0), xs, ys, level, i);
        }
      }
      previous = i;
    }
    if (!anyAbove && !anyBelow) {
      return new Crossing(Status.NO_DATA, -1, Double.NaN, Double.NaN, Double.NaN, 0);
    }
    if (!anyBelow) {
      return new Crossing(Status.ALWAYS_ABOVE, -1, Double.NaN, lastValid(xs, ys), Double.NaN, 0);
    }
    return new Crossing(Status.ALWAYS_BELOW, -1, Double.NaN, Double.NaN, firstValid(xs, ys), 0);
  }

  /** Counts every crossing (the first included) for the non-monotone warning. */
  private static Crossing withCount(Crossing c, double[] xs, double[] ys, double level, int from) {
    int count = 1;
    int previous = from;
    for (int i = from + 1; i < xs.length; i++) {
      if (Double.isNaN(ys[i])) {
        continue;
      }
      if ((ys[previous] >= level) != (ys[i] >= level)) {
        count++;
      }
      previous = i;
    }
    return new Crossing(c.status, c.index, c.at, c.low, c.high, count);
  }

  private static double firstValid(double[] xs, double[] ys) {
    for (int i = 0; i < xs.length; i++) {
      if (!Double.isNaN(ys[i])) {
        return xs[i];
      }
    }
    return Double.NaN;
  }

  private static double lastValid(double[] xs, double[] ys) {
    for (int i = xs.length - 1; i >= 0; i--) {
      if (!Double.isNaN(ys[i])) {
        return xs[i];
      }
    }
    return Double.NaN;
  }
}
