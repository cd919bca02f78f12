package io.sweep.driver.phase;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * Axes whose ticks sit at the grid's own values (a phase diagram is read cell by cell), falling
 * back to the axis's automatic ticks when there are too many values to label.
 */
final class GridTicks {
  /** More distinct values than this and labels would overlap: use automatic ticks. */
  static final int MAX_LABELLED = 14;

  private GridTicks() {}

  /** Neighbouring ticks closer than this share of the axis would overlap: use automatic ticks. */
  static final double MIN_GAP = 0.045;
  /** The share of an axis one tick-label character takes at the default size. */
  static final double CHAR_GAP = 0.0125;

  /** A log or linear axis with ticks at {@code values} (sorted, distinct) when they are legible. */
  static ValueAxis axis(String label, double[] values, boolean log) {
    boolean legible = values.length <= MAX_LABELLED;
    int longest = 0;
    for (double v : values) {
      longest = Math.max(longest, format(v).length());
    }
    double gap = Math.max(MIN_GAP, (longest + 1) * CHAR_GAP);
    for (int i = 1; i < values.length && legible; i++) {
      legible = AxisScale.position(values[i], values[0], values[values.length - 1], log)
          - AxisScale.position(values[i - 1], values[0], values[values.length - 1], log) >= gap;
    }
    double[] ticks = legible ? values : new double[0];
    return log ? new GridLogAxis(label, ticks) : new GridNumberAxis(label, ticks);
  }

  /** A compact label: integers as such, others with three significant digits. */
  static String format(double v) {
    return format(v, 3);
  }

  /** A compact label: integers as such, others with {@code digits} significant digits. */
  static String format(double v, int digits) {
    if (v == Math.rint(v) && Math.abs(v) < 1e7) {
      return String.valueOf((long) v);
    }
    if (!Double.isFinite(v)) {
      return String.valueOf(v);
    }
    return new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
  }

  private static List<NumberTick> ticks(double[] values, RectangleEdge edge) {
    List<NumberTick> ticks = new ArrayList<>();
    boolean horizontal = RectangleEdge.isTopOrBottom(edge);
    for (double v : values) {
      ticks.add(new NumberTick(v, format(v),
          horizontal ? TextAnchor.TOP_CENTER : TextAnchor.CENTER_RIGHT,
          TextAnchor.CENTER, 0.0));
    }
    return ticks;
  }

  /** Log axis with grid ticks. */
  private static final class GridLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;
    private final double[] values;

    GridLogAxis(String label, double[] values) {
      super(label);
      this.values = values;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
      return ticks(values.length > 0 ? values : oneTwoFive(getLowerBound(), getUpperBound()), edge);
    }
  }

  /**
   * Ticks at 1, 2, 5 × 10^k inside [lo, hi] (only the powers of ten when those are too many):
   * plain numbers a reader can place, instead of fractional exponents.
   */
  static double[] oneTwoFive(double lo, double hi) {
    List<Double> all = new ArrayList<>();
    List<Double> powers = new ArrayList<>();
    for (int k = (int) Math.floor(Math.log10(lo)); k <= (int) Math.ceil(Math.log10(hi)); k++) {
      for (int m : new int[] {1, 2, 5}) {
        double v = m * Math.pow(10, k);
        v = Double.parseDouble(format(v)); // 0.30000000000000004 → 0.3
        if (v >= lo && v <= hi) {
          all.add(v);
          if (m == 1) {
            powers.add(v);
          }
        }
      }
    }
    List<Double> chosen = all.size() <= 10 ? all : powers;
    return chosen.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Linear axis with grid ticks. */
  private static final class GridNumberAxis extends NumberAxis {
    private static final long serialVersionUID = 1L;
    private final double[] values;

    GridNumberAxis(String label, double[] values) {
      super(label);
      this.values = values;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
      return values.length > 0 ? ticks(values, edge) : super.refreshTicks(g2, state, dataArea, edge);
    }
  }
}
