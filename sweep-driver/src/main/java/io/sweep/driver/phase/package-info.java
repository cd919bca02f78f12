/**
 * Phase diagrams and optimization thresholds: aggregation of a metric over seeds into cells of
 * two axes (with 95% intervals), heatmaps drawn with JFreeChart, and the threshold of
 * ../shared/SCIENCE.md along the sample axis.
 *
 * <p>The arithmetic ({@link io.sweep.driver.phase.CellStats}, {@link io.sweep.driver.phase.Intervals},
 * {@link io.sweep.driver.phase.ThresholdEstimator}, {@link io.sweep.driver.phase.AxisScale}) is plain
 * Java, tested on hand-made tables; {@link io.sweep.driver.phase.PhaseDiagrams} and
 * {@link io.sweep.driver.phase.Thresholds} are the thin Spark readers of the store, {@link
 * io.sweep.driver.phase.PhaseTables} declares the two tables they write, and
 * {@link io.sweep.driver.phase.Heatmaps} draws. Bootstrap resampling uses a fixed seed, so the
 * same store always gives the same intervals. Not thread-safe unless a class says so.
 */
package io.sweep.driver.phase;
