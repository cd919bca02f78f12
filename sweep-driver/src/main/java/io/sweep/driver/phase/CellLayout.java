package io.sweep.driver.phase;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where each cell of one facet is drawn, in data coordinates, and where the boundary between
 * cells on either side of a level runs. Grids refined along one axis are irregular: a row
 * (same y) may hold x values its neighbours lack. Cells then take their x extent from their own
 * row (and y extent from all y values), so refined rows are drawn finer, or the same with the roles
 * of x and y swapped when columns differ instead.
 */
public final class CellLayout {
  private CellLayout() {}

  /** A cell's rectangle. */
  public record Rect(double x0, double x1, double y0, double y1) {}

  /** A boundary segment from (x0, y0) to (x1, y1). */
  public record Segment(double x0, double y0, double x1, double y1) {}

  /** The rectangles of {@code cells}, in the same order. */
  public static List<Rect> rects(List<PhaseCell> cells, boolean logX, boolean logY) {
    Map<Double, Set<Double>> xsByRow = new HashMap<>();
    for (PhaseCell c : cells) {
      xsByRow.computeIfAbsent(c.y(), k -> new TreeSet<>()).add(c.x());
    }
    boolean rowsUniform = xsByRow.values().stream().distinct().count() <= 1;
    List<Rect> rects = new ArrayList<>();
    if (!rowsUniform) {
      double[] outer = AxisScale.edges(AxisScale.distinct(cells.stream().mapToDouble(PhaseCell::x).toArray()), logX);
      Map<Double, double[]> xEdges = new HashMap<>();
      xsByRow.forEach((y, xs) -> xEdges.put(y, aligned(AxisScale.edges(toArray(xs), logX), outer)));
      double[] ys = AxisScale.distinct(cells.stream().mapToDouble(PhaseCell::y).toArray());
      double[] yEdges = AxisScale.edges(ys, logY);
      for (PhaseCell c : cells) {
        double[] xs = toArray(xsByRow.get(c.y()));
        int i = indexOf(xs, c.x());
        int j = indexOf(ys, c.y());
        double[] e = xEdges.get(c.y());
        rects.add(new Rect(e[i], e[i + 1], yEdges[j], yEdges[j + 1]));
      }
      return rects;
    }
    Map<Double, Set<Double>> ysByColumn = new HashMap<>();
    for (PhaseCell c : cells) {
      ysByColumn.computeIfAbsent(c.x(), k -> new TreeSet<>()).add(c.y());
    }
    double[] xs = AxisScale.distinct(cells.stream().mapToDouble(PhaseCell::x).toArray());
    double[] xEdges = AxisScale.edges(xs, logX);
    double[] outer = AxisScale.edges(AxisScale.distinct(cells.stream().mapToDouble(PhaseCell::y).toArray()), logY);
    Map<Double, double[]> yEdges = new HashMap<>();
    ysByColumn.forEach((x, ys) -> yEdges.put(x, aligned(AxisScale.edges(toArray(ys), logY), outer)));
    for (PhaseCell c : cells) {
      double[] ys = toArray(ysByColumn.get(c.x()));
      int i = indexOf(xs, c.x());
      int j = indexOf(ys, c.y());
      double[] e = yEdges.get(c.x());
      rects.add(new Rect(xEdges[i], xEdges[i + 1], e[j], e[j + 1]));
    }
    return rects;
  }

  /**
   * The boundary at {@code level}: every shared edge of two cells whose values lie on opposite
   * sides of it (a value equal to the level counts as above). Cells without a value are skipped.
   */
  public static List<Segment> boundary(List<PhaseCell> cells, List<Rect> rects, double level) {
    List<Segment> segments = new ArrayList<>();
    for (int a = 0; a < cells.size(); a++) {
      for (int b = a + 1; b < cells.size(); b++) {
        double va = cells.get(a).stats().value();
        double vb = cells.get(b).stats().value();
        if (Double.isNaN(va) || Double.isNaN(vb) || (va >= level) == (vb >= level)) {
          continue;
        }
        Segment s = sharedEdge(rects.get(a), rects.get(b));
        if (s != null) {
          segments.add(s);
        }
      }
    }
    return segments;
  }

  private static Segment sharedEdge(Rect a, Rect b) {
    if (same(a.x1, b.x0) || same(b.x1, a.x0)) {
      double x = same(a.x1, b.x0) ? a.x1 : a.x0;
      double lo = Math.max(a.y0, b.y0);
      double hi = Math.min(a.y1, b.y1);
      return hi > lo && !same(hi, lo) ? new Segment(x, lo, x, hi) : null;
    }
    if (same(a.y1, b.y0) || same(b.y1, a.y0)) {
      double y = same(a.y1, b.y0) ? a.y1 : a.y0;
      double lo = Math.max(a.x0, b.x0);
      double hi = Math.min(a.x1, b.x1);
      return hi > lo && !same(hi, lo) ? new Segment(lo, y, hi, y) : null;
    }
    return null;
  }

  /** A row's (or column's) edges with its outer edges moved to the whole grid's, so borders align. */
  private static double[] aligned(double[] edges, double[] outer) {
    edges[0] = outer[0]; // the row's first value is ≥ the grid's, so its cell stays non-empty
    edges[edges.length - 1] = outer[outer.length - 1];
    return edges;
  }

  private static boolean same(double a, double b) {
    return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  }

  private static double[] toArray(Set<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static int indexOf(double[] sorted, double v) {
    return java.util.Arrays.binarySearch(sorted, v);
  }
}
