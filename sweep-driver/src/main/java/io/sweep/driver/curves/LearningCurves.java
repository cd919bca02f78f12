package io.sweep.driver.curves;

import io.sweep.driver.UserError;
import io.sweep.driver.phase.Intervals;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The learning curves of a query: one {@link Curve} per (facet, grouping value), each point the
 * mean of the runs' values at one step with its 95% Student-t interval ({@link
 * Intervals#studentT}). Plain Java, no Spark.
 *
 * @param query   what was asked
 * @param curves  the lines, ordered by facet, then grouping value (numerically when both are numbers)
 * @param runs    runs drawn (status ok, matching the filter)
 * @param leftOut runs matching the filter that were left out because they diverged or failed
 */
public record LearningCurves(CurveQuery query, List<Curve> curves, long runs, long leftOut) {
  /** Orders labels numerically when both are numbers, as text otherwise; null (no facet, no grouping) first. */
  static final Comparator<String> LABELS = Comparator.nullsFirst(LearningCurves::compareLabels);

  public LearningCurves {
    curves = List.copyOf(curves);
  }

  /**
   * Aggregates the values of each step of each line into its mean and interval.
   *
   * @throws UserError with a log y axis, when a value is zero or negative
   */
  public static LearningCurves of(CurveQuery query, List<StepValues> steps, long runs, long leftOut) {
    Map<Line, Map<Long, double[]>> lines = new TreeMap<>();
    for (StepValues s : steps) {
      if (query.logY()) {
        requirePositive(query, s);
      }
      lines.computeIfAbsent(new Line(s.facet(), s.by()), k -> new TreeMap<>()).merge(s.step(), s.values(),
          LearningCurves::concat);
    }
    List<Curve> curves = new ArrayList<>();
    for (Map.Entry<Line, Map<Long, double[]>> line : lines.entrySet()) {
      List<CurvePoint> points = new ArrayList<>();
      for (Map.Entry<Long, double[]> step : line.getValue().entrySet()) {
        double[] v = step.getValue();
        if (v.length == 0) {
          continue;
        }
        double[] ci = Intervals.studentT(v);
        points.add(new CurvePoint(step.getKey(), Intervals.mean(v), ci[0], ci[1], v.length));
      }
      if (!points.isEmpty()) {
        curves.add(new Curve(line.getKey().facet(), line.getKey().by(), points));
      }
    }
    return new LearningCurves(query, curves, runs, leftOut);
  }

  /** The facet values in drawing order: a list holding null alone without a facet. */
  public List<String> facets() {
    return curves.stream().map(Curve::facet).distinct().sorted(LABELS).toList();
  }

  /** The grouping values over all facets in order: one line colour each. */
  public List<String> byValues() {
    return curves.stream().map(Curve::by).distinct().sorted(LABELS).toList();
  }

  /** The lines of one facet (null: no facet). */
  public List<Curve> curvesOf(String facet) {
    return curves.stream().filter(c -> Objects.equals(c.facet(), facet)).toList();
  }

  /** Points over all lines. */
  public int points() {
    return curves.stream().mapToInt(c -> c.points().size()).sum();
  }

  /** The legend label of a line: {@code lr = 0.01}, or {@code all runs} without grouping. */
  public String label(String by) {
    return by == null ? "all runs" : query.by() + " = " + shown(by);
  }

  /** The title of a facet's panel: {@code batch_size = 8}. */
  public String facetTitle(String facet) {
    return query.facet() + " = " + shown(facet);
  }

  /**
   * A value as a legend shows it: a number to 4 significant digits without trailing zeros ({@code
   * 0.0316227766017} as {@code 0.03162}, {@code 1.0} as {@code 1}; scientific below 10⁻⁶ and from
   * 10⁷), any other text as it is.
   */
  public static String shown(String value) {
    try {
      double v = Double.parseDouble(value);
      if (!Double.isFinite(v)) {
        return value;
      }
      BigDecimal d = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros();
      return Math.abs(v) >= 1e7 || (v != 0 && Math.abs(v) < 1e-6) ? d.toString() : d.toPlainString();
    } catch (NumberFormatException e) {
      return value;
    }
  }

  private static void requirePositive(CurveQuery query, StepValues s) {
    for (double v : s.values()) {
      if (v <= 0) {
        throw new UserError(UserError.field("log-y") + ": metric " + query.metric() + " has a value " + v
            + " ≤ 0 (at step " + s.step() + where(query, s) + "); a log axis needs positive values: draw it without "
            + UserError.field("log-y") + " or narrow it with " + UserError.field("where"));
      }
    }
  }

  private static String where(CurveQuery q, StepValues s) {
    StringBuilder b = new StringBuilder();
    if (q.by() != null) {
      b.append(", ").append(q.by()).append(" = ").append(s.by());
    }
    if (q.facet() != null) {
      b.append(", ").append(q.facet()).append(" = ").append(s.facet());
    }
    return b.toString();
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = new double[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static int compareLabels(String a, String b) {
    try {
      return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }

  /** A line's key: facet, then grouping value. */
  private record Line(String facet, String by) implements Comparable<Line> {
    private static final Comparator<Line> ORDER = Comparator.comparing(Line::facet, LABELS).thenComparing(Line::by, LABELS);

    @Override
    public int compareTo(Line o) {
      return ORDER.compare(this, o);
    }
  }
}
