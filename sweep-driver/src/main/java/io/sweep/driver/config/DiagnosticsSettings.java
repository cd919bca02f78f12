package io.sweep.driver.config;

import io.sweep.worker.diagnose.DiagnosticsSpec;

/**
 * Settings of the diagnostics (SCIENCE.md, "metric definitions"); stored with the sweep.
 *
 * @param vanishTolerance        τᵥ: a neuron vanished when its norm is below τᵥ × the largest
 * @param redundancyTolerance    τᵣ: two neurons merge when their relative distance is below τᵣ
 * @param interpolationTolerance τᵢ: interpolated when train loss ≤ τᵢ × label variance
 * @param hessianProbes          Hutchinson probes for trace and ‖H‖F when the Hessian is estimated
 * @param exactHessianMaxParams  the Hessian is computed densely up to this many parameters
 * @param hessianEvery           λmax joins the trajectory every this many steps; 0 = never
 */
public record DiagnosticsSettings(
    double vanishTolerance,
    double redundancyTolerance,
    double interpolationTolerance,
    int hessianProbes,
    int exactHessianMaxParams,
    long hessianEvery) {

  /** The worker's view of these settings. */
  public DiagnosticsSpec toSpec() {
    return new DiagnosticsSpec(vanishTolerance, redundancyTolerance, interpolationTolerance,
        hessianProbes, exactHessianMaxParams, hessianEvery);
  }
}
