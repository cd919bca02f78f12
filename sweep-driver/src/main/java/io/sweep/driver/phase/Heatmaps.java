package io.sweep.driver.phase;

import io.sweep.driver.UserError;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYBoxAnnotation;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * Draws a {@link PhaseDiagram} as a heatmap with JFreeChart: one panel per facet (small
 * multiples, sharing one colour scale), cells as boxes coloured by viridis, log axes for
 * log-spaced values, ticks at the grid values, a colour bar named after the metric, the boundary
 * at a level (½ for fractions) as a red line along cell edges, values written in the cells when
 * they fit, and cells with diverged, failed or missing runs marked. PNG or SVG (JFreeSVG).
 */
public final class Heatmaps {
  /** Default size of one panel, in pixels. */
  public static final int PANEL_WIDTH = 760;
  /** Default height of one panel. */
  public static final int PANEL_HEIGHT = 560;
  /** Cells per panel above which values are not written into the cells. */
  static final int MAX_ANNOTATED = 120;
  /** Cells narrower than this share of the x axis get no value written in them. */
  static final double MIN_TEXT_SHARE = 0.06;
  /** The share of the x axis one character of a cell's value takes at the default size. */
  static final double CHAR_SHARE = 0.016;
  private static final Color NO_VALUE = new Color(0xD0D0D0);

  static {
    System.setProperty("java.awt.headless", "true"); // executors and CI have no display
  }

  private Heatmaps() {}

  /** The default contour level: ½ for fractions, none otherwise. */
  public static Double defaultLevel(PhaseDiagram d) {
    return d.query().agg() == Aggregation.FRACTION ? 0.5 : null;
  }

  /** Renders the diagram with the default level, each panel {@value #PANEL_WIDTH}×{@value #PANEL_HEIGHT}. */
  public static BufferedImage render(PhaseDiagram d) {
    int[] grid = grid(d.facets().size());
    return render(d, grid[0] * PANEL_WIDTH, grid[1] * PANEL_HEIGHT, defaultLevel(d));
  }

  /** Renders the diagram into an image of the given total size; {@code level} may be null. */
  public static BufferedImage render(PhaseDiagram d, int width, int height, Double level) {
    return ChartFiles.image(width, height, (g, area) -> draw(g, d, area, level));
  }

  /**
   * Writes the diagram to a {@code .png} or {@code .svg} file, each panel the default size.
   *
   * @throws UserError for another extension or an unwritable path
   */
  public static void write(PhaseDiagram d, Path file, Double level) {
    int[] grid = grid(d.facets().size());
    ChartFiles.write(file, grid[0] * PANEL_WIDTH, grid[1] * PANEL_HEIGHT,
        (g, area) -> draw(g, d, area, level));
  }

  /** Draws every facet's panel into {@code area}. */
  public static void draw(Graphics2D g, PhaseDiagram d, Rectangle2D area, Double level) {
    List<String> facets = d.facets();
    int[] grid = grid(facets.size());
    double w = area.getWidth() / grid[0];
    double h = area.getHeight() / grid[1];
    Viridis scale = scale(d);
    for (int i = 0; i < facets.size(); i++) {
      JFreeChart chart = chart(d, facets.get(i), scale, level);
      chart.draw(g, new Rectangle2D.Double(area.getX() + (i % grid[0]) * w, area.getY() + (i / grid[0]) * h, w, h));
    }
  }

  /** Columns and rows of the small multiples: up to three columns (curves lays its panels out alike). */
  public static int[] grid(int panels) {
    int cols = Math.min(3, Math.max(1, panels));
    return new int[] {cols, (panels + cols - 1) / cols};
  }

  /** One colour scale for every panel: [0, 1] for fractions, the range of the values otherwise. */
  static Viridis scale(PhaseDiagram d) {
    if (d.query().agg() == Aggregation.FRACTION) {
      return new Viridis(0, 1);
    }
    double lo = d.cells().stream().mapToDouble(c -> c.stats().value()).filter(Double::isFinite).min().orElse(0);
    double hi = d.cells().stream().mapToDouble(c -> c.stats().value()).filter(Double::isFinite).max().orElse(1);
    if (lo == hi) {
      double pad = lo == 0 ? 0.5 : Math.abs(lo) * 0.1;
      lo -= pad;
      hi += pad;
    }
    return new Viridis(lo, hi);
  }

  /** The chart of one facet. */
  static JFreeChart chart(PhaseDiagram d, String facet, Viridis scale, Double level) {
    PhaseQuery q = d.query();
    List<PhaseCell> cells = d.cellsOf(facet);
    List<CellLayout.Rect> rects = CellLayout.rects(cells, d.logX(), d.logY());
    double[] xs = AxisScale.distinct(cells.stream().mapToDouble(PhaseCell::x).toArray());
    double[] ys = AxisScale.distinct(cells.stream().mapToDouble(PhaseCell::y).toArray());
    ValueAxis xAxis = GridTicks.axis(q.x() + (d.logX() ? "  (log)" : ""), xs, d.logX());
    ValueAxis yAxis = GridTicks.axis(q.y() + (d.logY() ? "  (log)" : ""), ys, d.logY());
    for (ValueAxis axis : new ValueAxis[] {xAxis, yAxis}) {
      axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    }
    xAxis.setRange(rects.stream().mapToDouble(CellLayout.Rect::x0).min().orElseThrow(),
        rects.stream().mapToDouble(CellLayout.Rect::x1).max().orElseThrow());
    yAxis.setRange(rects.stream().mapToDouble(CellLayout.Rect::y0).min().orElseThrow(),
        rects.stream().mapToDouble(CellLayout.Rect::y1).max().orElseThrow());

    DefaultXYDataset centres = new DefaultXYDataset(); // invisible: gives the plot its data
    centres.addSeries("cells", new double[][] {
      cells.stream().mapToDouble(PhaseCell::x).toArray(), cells.stream().mapToDouble(PhaseCell::y).toArray()});
    XYPlot plot = new XYPlot(centres, xAxis, yAxis, new XYLineAndShapeRenderer(false, false));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

    int digits = cells.size() <= MAX_ANNOTATED ? labelDigits(cells, rects, xAxis, yAxis, d) : 0;
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, cells.size() <= 40 ? 12 : 9);
    int incomplete = 0;
    int empty = 0;
    for (int i = 0; i < cells.size(); i++) {
      PhaseCell c = cells.get(i);
      CellLayout.Rect r = rects.get(i);
      CellStats s = c.stats();
      Color fill = s.empty() ? NO_VALUE : scale.color(s.value());
      plot.addAnnotation(new XYBoxAnnotation(r.x0(), r.y0(), r.x1(), r.y1(), new BasicStroke(0.5f), Color.WHITE, fill));
      String text = s.empty() ? "×" : digits > 0 ? GridTicks.format(s.value(), digits) : "";
      if (s.incomplete()) {
        text += "*";
        incomplete++;
      }
      empty += s.empty() ? 1 : 0;
      if (!text.isEmpty()) {
        XYTextAnnotation label = new XYTextAnnotation(text, c.x(), c.y());
        label.setFont(s.empty() ? font.deriveFont(Font.BOLD, font.getSize2D() * 1.4f) : font);
        label.setPaint(s.empty() ? Color.DARK_GRAY : luminance(fill) > 0.5 ? Color.BLACK : Color.WHITE);
        plot.addAnnotation(label);
      }
    }
    if (level != null) {
      BasicStroke stroke = new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
      for (CellLayout.Segment s : CellLayout.boundary(cells, rects, level)) {
        plot.addAnnotation(new XYLineAnnotation(s.x0(), s.y0(), s.x1(), s.y1(), stroke, new Color(0xE0201B)));
      }
    }

    String title = q.agg().label() + " of " + q.metric() + (q.atStep() != null ? " at step " + q.atStep() : "");
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setPadding(new RectangleInsets(6, 6, 6, 6));
    if (facet != null) {
      chart.addSubtitle(new TextTitle(q.facet() + " = " + facet, new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
    }
    NumberAxis barAxis = new NumberAxis(q.metric() + " (" + q.agg().label() + ")");
    barAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
    PaintScaleLegend bar = new PaintScaleLegend(scale, barAxis);
    bar.setPosition(RectangleEdge.RIGHT);
    bar.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
    bar.setStripWidth(14);
    bar.setSubdivisionCount(128);
    bar.setMargin(new RectangleInsets(4, 12, 4, 4));
    chart.addSubtitle(bar);
    TextTitle legend = new TextTitle(legend(d, cells, incomplete, empty, level), new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    legend.setPosition(RectangleEdge.BOTTOM);
    chart.addSubtitle(legend);
    return chart;
  }

  private static String legend(PhaseDiagram d, List<PhaseCell> cells, int incomplete, int empty, Double level) {
    int minSeeds = cells.stream().mapToInt(c -> c.stats().seeds()).min().orElse(0);
    int maxSeeds = cells.stream().mapToInt(c -> c.stats().seeds()).max().orElse(0);
    StringBuilder s = new StringBuilder("seeds per cell: ")
        .append(minSeeds == maxSeeds ? String.valueOf(minSeeds) : minSeeds + "–" + maxSeeds);
    if (incomplete > 0) {
      s.append("   * some runs diverged, failed or have no value (").append(incomplete).append(" cells)");
    }
    if (empty > 0) {
      s.append("   × no value (").append(empty).append(" cells)");
    }
    if (level != null) {
      s.append("   red line: ").append(d.query().metric()).append(" = ").append(GridTicks.format(level));
    }
    if (d.query().where() != null) {
      s.append("   where ").append(d.query().where());
    }
    return s.toString();
  }

  /**
   * Significant digits of the values written in the cells: 3, or 2 when 3 do not fit the
   * narrowest cell, or 0 (no values) when neither does — every cell of a panel alike, so a reader
   * never wonders why some cells have numbers.
   */
  private static int labelDigits(List<PhaseCell> cells, List<CellLayout.Rect> rects, ValueAxis xAxis,
      ValueAxis yAxis, PhaseDiagram d) {
    double narrowest = Double.MAX_VALUE;
    double lowest = Double.MAX_VALUE;
    for (CellLayout.Rect r : rects) {
      narrowest = Math.min(narrowest, share(r.x0(), r.x1(), xAxis, d.logX()));
      lowest = Math.min(lowest, share(r.y0(), r.y1(), yAxis, d.logY()));
    }
    if (narrowest < MIN_TEXT_SHARE || lowest < MIN_TEXT_SHARE / 2) {
      return 0;
    }
    for (int digits = 3; digits >= 2; digits--) {
      int longest = 0;
      for (PhaseCell c : cells) {
        longest = Math.max(longest, c.stats().empty() ? 1 : GridTicks.format(c.stats().value(), digits).length());
      }
      if (narrowest >= (longest + 1) * CHAR_SHARE) {
        return digits;
      }
    }
    return 0;
  }

  /** The share of the axis a cell spans, on the axis's scale. */
  private static double share(double lo, double hi, ValueAxis axis, boolean log) {
    return AxisScale.position(hi, axis.getLowerBound(), axis.getUpperBound(), log)
        - AxisScale.position(lo, axis.getLowerBound(), axis.getUpperBound(), log);
  }

  private static double luminance(Color c) {
    return (0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue()) / 255;
  }
}
