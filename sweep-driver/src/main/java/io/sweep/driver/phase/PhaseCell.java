package io.sweep.driver.phase;

/**
 * One cell of a phase diagram: a point of the two axes (and of the facet, if any) and its summary.
 *
 * @param facet the facet's value as text, or null without a facet
 */
public record PhaseCell(double x, double y, String facet, CellStats stats) {}
