package io.sweep.driver.curves;

import io.sweep.driver.phase.QueryFields;

/**
 * What a learning-curve chart shows: one trajectory metric of one sweep's runs against the step.
 *
 * @param sweep  the sweep's name
 * @param metric a metric column of {@code trajectories} (e.g. {@code train_loss})
 * @param by     one line per value of this column or expression over the runs' columns, or null
 *               for one line of all runs
 * @param where  an SQL filter over the runs' parameter columns and the trajectory point's columns
 *               ({@code step}, the metrics), or null
 * @param facet  a column or expression drawn as small multiples, or null
 * @param logY   a logarithmic y axis (every value must be positive)
 */
public record CurveQuery(String sweep, String metric, String by, String where, String facet, boolean logY) {

  public CurveQuery {
    QueryFields.require(sweep, "sweep");
    QueryFields.require(metric, "metric");
    metric = metric.strip();
    by = QueryFields.blankToNull(by);
    where = QueryFields.blankToNull(where);
    facet = QueryFields.blankToNull(facet);
  }

  /** A one-line description, used as chart title and in the summary: {@code mean train_loss by lr}. */
  public String describe() {
    StringBuilder s = new StringBuilder("mean ").append(metric);
    if (by != null) {
      s.append(" by ").append(by);
    }
    if (facet != null) {
      s.append(" per ").append(facet);
    }
    if (where != null) {
      s.append(" where ").append(where);
    }
    return s.toString();
  }
}
