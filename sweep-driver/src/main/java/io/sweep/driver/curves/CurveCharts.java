package io.sweep.driver.curves;

import io.sweep.driver.UserError;
import io.sweep.driver.phase.ChartFiles;
import io.sweep.driver.phase.Heatmaps;
import io.sweep.driver.phase.Viridis;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Draws {@link LearningCurves} with JFreeChart: x the step, y the mean with its 95% band (a
 * translucent band behind each line), one line per grouping value coloured from viridis (the same
 * colour in every panel), one panel per facet value sharing one y range, a log y axis on request.
 * PNG or SVG (JFreeSVG).
 */
public final class CurveCharts {
  /** Default size of one panel, in pixels. */
  public static final int PANEL_WIDTH = 760;
  /** Default height of one panel. */
  public static final int PANEL_HEIGHT = 520;
  /** Share of the viridis map the line colours span: its yellow end is too pale on white. */
  static final double COLOUR_SPAN = 0.85;
  /** Opacity of the bands. */
  static final float BAND_ALPHA = 0.18f;

  static {
    System.setProperty("java.awt.headless", "true"); // executors and CI have no display
  }

  private CurveCharts() {}

  /** The colour of the {@code i}-th of {@code n} lines. */
  public static Color colour(int i, int n) {
    return new Viridis(0, 1).color(n <= 1 ? 0 : COLOUR_SPAN * i / (n - 1));
  }

  /** Renders the curves, each panel {@value #PANEL_WIDTH}×{@value #PANEL_HEIGHT}. */
  public static BufferedImage render(LearningCurves c) {
    int[] size = size(c);
    return ChartFiles.image(size[0], size[1], (g, area) -> draw(g, c, area));
  }

  /**
   * Writes the curves to a {@code .png} or {@code .svg} file.
   *
   * @throws UserError for another extension or an unwritable path
   */
  public static void write(LearningCurves c, Path file) {
    int[] size = size(c);
    ChartFiles.write(file, size[0], size[1], (g, area) -> draw(g, c, area));
  }

  /** Draws every facet's panel into {@code area}. */
  public static void draw(Graphics2D g, LearningCurves c, Rectangle2D area) {
    List<String> facets = c.facets();
    int[] grid = Heatmaps.grid(facets.size());
    double w = area.getWidth() / grid[0];
    double h = area.getHeight() / grid[1];
    double[] range = yRange(c);
    for (int i = 0; i < facets.size(); i++) {
      chart(c, facets.get(i), range).draw(g,
          new Rectangle2D.Double(area.getX() + (i % grid[0]) * w, area.getY() + (i / grid[0]) * h, w, h));
    }
  }

  private static int[] size(LearningCurves c) {
    int[] grid = Heatmaps.grid(c.facets().size());
    return new int[] {grid[0] * PANEL_WIDTH, grid[1] * PANEL_HEIGHT};
  }

  /**
   * The y range every panel shares: the bands' extent with a margin. On a log axis a band reaching
   * zero or below is cut at the smallest positive mean or band end.
   */
  static double[] yRange(LearningCurves c) {
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (Curve curve : c.curves()) {
      for (CurvePoint p : curve.points()) {
        lo = Math.min(lo, low(p, c));
        hi = Math.max(hi, p.high());
      }
    }
    if (c.query().logY()) {
      return lo == hi ? new double[] {lo / 2, hi * 2} : new double[] {lo / Math.pow(hi / lo, 0.04), hi * Math.pow(hi / lo, 0.04)};
    }
    double pad = lo == hi ? (lo == 0 ? 0.5 : Math.abs(lo) * 0.1) : (hi - lo) * 0.04;
    return new double[] {lo - pad, hi + pad};
  }

  /** A point's band bottom as drawn: on a log axis never ≤ 0. */
  private static double low(CurvePoint p, LearningCurves c) {
    return c.query().logY() && p.low() <= 0 ? floor(c) : p.low();
  }

  private static double floor(LearningCurves c) {
    double min = Double.MAX_VALUE;
    for (Curve curve : c.curves()) {
      for (CurvePoint p : curve.points()) {
        min = Math.min(min, p.low() > 0 ? p.low() : p.mean());
      }
    }
    return min;
  }

  /** The chart of one facet. */
  static JFreeChart chart(LearningCurves c, String facet, double[] range) {
    CurveQuery q = c.query();
    List<String> byValues = c.byValues();
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    DeviationRenderer renderer = new DeviationRenderer(true, false);
    renderer.setAlpha(BAND_ALPHA);
    int minRuns = Integer.MAX_VALUE;
    int maxRuns = 0;
    long firstStep = Long.MAX_VALUE;
    long lastStep = Long.MIN_VALUE;
    for (Curve curve : c.curvesOf(facet)) {
      YIntervalSeries series = new YIntervalSeries(c.label(curve.by()), false, true);
      for (CurvePoint p : curve.points()) {
        series.add(p.step(), p.mean(), low(p, c), p.high());
        minRuns = Math.min(minRuns, p.runs());
        maxRuns = Math.max(maxRuns, p.runs());
        firstStep = Math.min(firstStep, p.step());
        lastStep = Math.max(lastStep, p.step());
      }
      int s = data.getSeriesCount();
      data.addSeries(series);
      Color colour = colour(byValues.indexOf(curve.by()), byValues.size());
      renderer.setSeriesPaint(s, colour);
      renderer.setSeriesFillPaint(s, colour);
      renderer.setSeriesStroke(s, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }
    NumberAxis xAxis = new NumberAxis("step");
    xAxis.setAutoRangeIncludesZero(false);
    xAxis.setRange(firstStep, Math.max(firstStep + 1, lastStep));
    ValueAxis yAxis;
    if (q.logY()) {
      LogAxis log = new LogAxis(q.metric() + "  (log)");
      log.setSmallestValue(range[0]);
      if (range[1] / range[0] >= 100) {
        log.setTickUnit(new NumberTickUnit(1)); // whole powers of ten; finer ticks read as 10^0.5
      }
      yAxis = log;
    } else {
      yAxis = new NumberAxis(q.metric());
    }
    yAxis.setRange(range[0], range[1]);
    for (ValueAxis axis : new ValueAxis[] {xAxis, yAxis}) {
      axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    }
    XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xDDDDDD));
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

    JFreeChart chart = new JFreeChart("mean " + q.metric() + ", 95% band",
        new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setPadding(new RectangleInsets(6, 6, 6, 6));
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    if (facet != null) {
      chart.addSubtitle(new TextTitle(c.facetTitle(facet), new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
    }
    StringBuilder note = new StringBuilder("runs per point: ")
        .append(minRuns == maxRuns ? String.valueOf(minRuns) : minRuns + "–" + maxRuns);
    if (c.leftOut() > 0) {
      note.append("   ").append(c.leftOut()).append(" diverged or failed runs left out");
    }
    if (q.where() != null) {
      note.append("   where ").append(q.where());
    }
    TextTitle footer = new TextTitle(note.toString(), new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    footer.setPosition(RectangleEdge.BOTTOM);
    chart.addSubtitle(footer);
    return chart;
  }
}
