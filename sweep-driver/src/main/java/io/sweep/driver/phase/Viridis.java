package io.sweep.driver.phase;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/**
 * The viridis colour map (perceptually uniform, readable in grey and by colour-blind readers) as
 * a JFreeChart paint scale over [lower, upper], linearly interpolated between nine anchors. Heatmap
 * cells and the lines of learning curves ({@code curves}) take their colours from it.
 */
public final class Viridis implements PaintScale {
  private static final int[] ANCHORS = {
    0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6DCD59, 0xFDE725
  };

  private final double lower;
  private final double upper;

  /** The map over [lower, upper]. */
  public Viridis(double lower, double upper) {
    this.lower = lower;
    this.upper = upper;
  }

  @Override
  public double getLowerBound() {
    return lower;
  }

  @Override
  public double getUpperBound() {
    return upper;
  }

  @Override
  public Paint getPaint(double value) {
    return color(value);
  }

  /** The colour of a value (clamped to the bounds). */
  public Color color(double value) {
    double t = upper == lower ? 0.5 : (value - lower) / (upper - lower);
    t = Math.max(0, Math.min(1, t)) * (ANCHORS.length - 1);
    int i = Math.min((int) Math.floor(t), ANCHORS.length - 2);
    double f = t - i;
    return new Color(mix(ANCHORS[i] >> 16, ANCHORS[i + 1] >> 16, f), mix(ANCHORS[i] >> 8, ANCHORS[i + 1] >> 8, f),
        mix(ANCHORS[i], ANCHORS[i + 1], f));
  }

  private static int mix(int a, int b, double f) {
    return (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
  }
}
