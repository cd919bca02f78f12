package io.sweep.driver.store;

import io.sweep.worker.diagnose.TrajectoryPoint;

/**
 * What one row of {@code trajectories} is made of: a logged point of one run's training.
 *
 * @param sweep the sweep's name
 * @param runId the run's id
 * @param point the values logged at one step
 */
public record TrajectoryRow(String sweep, String runId, TrajectoryPoint point) {}
