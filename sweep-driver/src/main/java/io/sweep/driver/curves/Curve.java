package io.sweep.driver.curves;

import java.util.List;

/**
 * One line of a learning-curve chart: the runs sharing one value of the grouping expression within
 * one facet, their mean at each logged step.
 *
 * @param facet  the facet's value as text, or null without a facet
 * @param by     the grouping expression's value as text, or null without one
 * @param points the points in increasing step order
 */
public record Curve(String facet, String by, List<CurvePoint> points) {
  public Curve {
    points = List.copyOf(points);
  }
}
