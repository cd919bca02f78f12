package io.sweep.driver.curves;

/**
 * One point of a learning curve: the mean of a metric at one step over the runs of a line.
 *
 * @param step the training step (≥ 0)
 * @param mean the mean of the runs' values at that step
 * @param low  lower end of the 95% Student-t interval of the mean (equal to the mean for one run)
 * @param high upper end of that interval
 * @param runs runs with a value at that step
 */
public record CurvePoint(long step, double mean, double low, double high, int runs) {}
