package io.sweep.driver.refine;

import io.sweep.driver.phase.Crossing;
import java.util.List;

/**
 * The located boundary of one cell after refinement.
 *
 * @param cell     the other axes' values
 * @param crossing where the summary crosses the level, with its bracket
 * @param resolved whether the bracket is within the tolerance (or the integer axis cannot be split)
 * @param points   axis values with runs in this cell
 */
public record Boundary(List<Object> cell, Crossing crossing, boolean resolved, int points) {}
