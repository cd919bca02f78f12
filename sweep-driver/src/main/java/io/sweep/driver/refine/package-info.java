/**
 * Adaptive refinement of phase boundaries: add axis values (and, near the boundary, seeds) only
 * where neighbouring points of a cell disagree about a level, until the boundary is bracketed to
 * a tolerance or a run budget is spent.
 *
 * <p>{@link io.sweep.driver.refine.Refiner} is the search, plain Java; how new points are run and
 * observed is behind {@link io.sweep.driver.refine.RefineBackend} (a fake objective in tests,
 * {@link io.sweep.driver.refine.StoreBackend} — Spark runs into the store — for users). The search
 * is deterministic given the observations, so an interrupted refinement resumes where it stopped.
 */
package io.sweep.driver.refine;
