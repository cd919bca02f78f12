package io.sweep.driver.refine;

import io.sweep.driver.UserError;
import io.sweep.driver.phase.Aggregation;

/**
 * What to refine and how far.
 *
 * @param agg       how a point's seeds are summarised (fraction for boolean metrics)
 * @param level     the boundary is where the summary crosses this value
 * @param budget    the most new runs this invocation may add
 * @param tolerance stop when a bracket's relative width (hi/lo − 1 on a log axis, (hi − lo) over
 *                  the axis range on a linear one) is at most this
 * @param maxSeeds  the most seeds a point near the boundary may get (extra seeds are added where
 *                  a bracket end's 95% interval contains the level)
 * @param logAxis   whether midpoints are geometric
 * @param integer   whether the axis takes integer values (samples, batch size, width)
 */
public record RefineSettings(Aggregation agg, double level, int budget, double tolerance, int maxSeeds,
    boolean logAxis, boolean integer) {

  public RefineSettings {
    if (budget < 1) {
      throw new UserError(UserError.field("budget") + " must be ≥ 1, got " + budget);
    }
    if (!(tolerance > 0)) {
      throw new UserError(UserError.field("tolerance") + " must be > 0, got " + tolerance);
    }
    if (maxSeeds < 1) {
      throw new UserError(UserError.field("max-seeds") + " must be ≥ 1, got " + maxSeeds);
    }
  }
}
