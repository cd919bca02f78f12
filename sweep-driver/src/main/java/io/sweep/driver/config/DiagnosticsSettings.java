package io.sweep.driver.config;

/**
 * Tolerances of the diagnostics (SCIENCE.md, "metric definitions"); stored with the sweep.
 *
 * @param vanishTolerance        τᵥ: a neuron vanished when its norm is below τᵥ × the largest
 * @param redundancyTolerance    τᵣ: two neurons merge when their relative distance is below τᵣ
 * @param interpolationTolerance τᵢ: interpolated when train loss ≤ τᵢ × label variance
 */
public record DiagnosticsSettings(
    double vanishTolerance, double redundancyTolerance, double interpolationTolerance) {}
