package io.sweep.driver.phase;

import io.sweep.driver.UserError;

/**
 * What a phase diagram shows: a metric of one sweep's runs aggregated over seeds into cells of two
 * axes. Axes, metric, facet and filter are Spark SQL expressions over the columns of {@code runs}
 * (or of {@code trajectories} at one step), so derived axes such as {@code lr / batch_size} work.
 *
 * @param sweep  the sweep's name
 * @param x      x axis: a column or expression (numeric)
 * @param y      y axis: a column or expression (numeric)
 * @param metric the column or expression aggregated; boolean for {@link Aggregation#FRACTION}
 * @param agg    the aggregation; null picks fraction for a boolean metric, mean otherwise
 * @param where  an extra SQL filter on the runs, or null
 * @param facet  a third axis drawn as small multiples, or null
 * @param atStep draw from the trajectories at this step instead of the final rows, or null
 */
public record PhaseQuery(String sweep, String x, String y, String metric, Aggregation agg, String where,
    String facet, Long atStep) {

  public PhaseQuery {
    QueryFields.require(sweep, "sweep");
    QueryFields.require(x, "x");
    QueryFields.require(y, "y");
    QueryFields.require(metric, "metric");
    where = QueryFields.blankToNull(where);
    facet = QueryFields.blankToNull(facet);
    if (x.strip().equals(y.strip())) {
      throw new UserError(UserError.field("x") + " and " + UserError.field("y") + " are both '" + x + "'; give two different axes");
    }
    if (atStep != null && atStep < 0) {
      throw new UserError(UserError.field("at-step") + " must be ≥ 0, got " + atStep);
    }
  }

  /** The same query with the aggregation fixed. */
  public PhaseQuery withAgg(Aggregation a) {
    return new PhaseQuery(sweep, x, y, metric, a, where, facet, atStep);
  }

  /** A one-line description: what is aggregated over what, used as chart title and table key. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    s.append(agg == null ? "" : agg.label() + " ").append(metric).append(" over ").append(x).append(" × ").append(y);
    if (facet != null) {
      s.append(" by ").append(facet);
    }
    if (atStep != null) {
      s.append(" at step ").append(atStep);
    }
    if (where != null) {
      s.append(" where ").append(where);
    }
    return s.toString();
  }
}
