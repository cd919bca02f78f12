/**
 * Learning curves ({@code bin/sweep curves}): a metric of the {@code trajectories} table drawn
 * against the training step, one line per value of a grouping expression, the mean over seeds
 * with a 95% Student-t band, small multiples over a facet.
 *
 * <p>{@link io.sweep.driver.curves.CurveQuery} says what to draw; {@link
 * io.sweep.driver.curves.LearningCurves} is the arithmetic (plain Java, no Spark: step values → mean and
 * interval by {@link io.sweep.driver.phase.Intervals#studentT}); {@link
 * io.sweep.driver.curves.TrajectoryCurves} is the thin Spark reader of the store; {@link
 * io.sweep.driver.curves.CurveCharts} draws with JFreeChart (PNG) or JFreeSVG, line colours from
 * {@link io.sweep.driver.phase.Viridis}. Only runs whose status is {@code ok} are drawn, as
 * {@code phase} leaves diverged and failed runs out of means. Nothing is random. Not thread-safe
 * unless a class says so.
 */
package io.sweep.driver.curves;
