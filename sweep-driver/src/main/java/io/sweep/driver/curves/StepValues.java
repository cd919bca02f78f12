package io.sweep.driver.curves;

/**
 * The values of a metric at one step of the runs of one line (one facet value and one grouping
 * value): what the store gives {@link LearningCurves} to aggregate.
 *
 * @param facet  the facet's value as text, or null
 * @param by     the grouping value as text, or null
 * @param step   the step
 * @param values one value per run that has one at this step (finite; nulls already left out)
 */
public record StepValues(String facet, String by, long step, double[] values) {}
