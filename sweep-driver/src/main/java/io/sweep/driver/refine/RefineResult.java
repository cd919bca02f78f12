package io.sweep.driver.refine;

import java.util.List;

/**
 * The outcome of a refinement.
 *
 * @param boundaries  one per cell
 * @param initialRuns runs in the store before this refinement
 * @param newRuns     runs it added
 * @param rounds      rounds of proposals it ran
 * @param resolution  the coarsest bracket of a crossed cell at the end (relative width), NaN without one
 * @param uniformRuns runs a uniform grid over the initial axis range would need for that
 *                    resolution, with the initial seeds in every cell (−1 when unknown)
 * @param stopReason  why it stopped: located, budget spent, or nothing to refine
 */
public record RefineResult(List<Boundary> boundaries, int initialRuns, int newRuns, int rounds, double resolution,
    long uniformRuns, String stopReason) {}
