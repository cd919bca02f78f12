package io.sweep.driver.app;

import io.sweep.driver.phase.Aggregation;

/**
 * What to refine: a boundary of {@code metric} at {@code level} along {@code axis} of a stored
 * sweep. Field names are what errors name (the CLI maps them to its flags).
 *
 * @param sweep     the sweep (already run)
 * @param axis      the numeric axis column to refine, e.g. {@code samples}
 * @param metric    the column or SQL expression whose crossing of {@code level} is the boundary
 * @param agg       the aggregation over seeds, or null for the metric's natural one
 * @param level     the level
 * @param budget    the most new runs to add
 * @param tolerance the relative bracket width at which a cell is resolved
 * @param maxSeeds  the most seeds a point near the boundary may get, or null for twice the sweep's
 */
public record RefineRequest(String sweep, String axis, String metric, Aggregation agg, double level,
    int budget, double tolerance, Integer maxSeeds) {}
