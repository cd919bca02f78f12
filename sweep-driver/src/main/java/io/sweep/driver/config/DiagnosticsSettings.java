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
 * @param gradientTolerance      τ_g: converged needs ‖∇L‖ ≤ τ_g
 * @param lossChangeTolerance    τ_ℓ: converged needs (max − min)/max of the last logged losses ≤ τ_ℓ
 * @param convergenceWindow      w: how many last logged losses that compares
 * @param stabilityMaxParams     μ_alignment and ms_stability_radius up to this many parameters
 * @param lossFloor              τ_a: logged losses all ≤ τ_a × the step-0 loss count as unchanged
 */
public record DiagnosticsSettings(
    double vanishTolerance,
    double redundancyTolerance,
    double interpolationTolerance,
    int hessianProbes,
    int exactHessianMaxParams,
    long hessianEvery,
    double gradientTolerance,
    double lossChangeTolerance,
    int convergenceWindow,
    int stabilityMaxParams,
    double lossFloor) {

  /** Settings with the default loss floor ({@link DiagnosticsSpec}'s). */
  public DiagnosticsSettings(double vanishTolerance, double redundancyTolerance,
      double interpolationTolerance, int hessianProbes, int exactHessianMaxParams,
      long hessianEvery, double gradientTolerance, double lossChangeTolerance,
      int convergenceWindow, int stabilityMaxParams) {
    this(vanishTolerance, redundancyTolerance, interpolationTolerance, hessianProbes,
        exactHessianMaxParams, hessianEvery, gradientTolerance, lossChangeTolerance,
        convergenceWindow, stabilityMaxParams, DiagnosticsSpec.DEFAULT_LOSS_FLOOR);
  }

  /** Settings with the default stability bound ({@link DiagnosticsSpec}'s). */
  public DiagnosticsSettings(double vanishTolerance, double redundancyTolerance,
      double interpolationTolerance, int hessianProbes, int exactHessianMaxParams,
      long hessianEvery, double gradientTolerance, double lossChangeTolerance,
      int convergenceWindow) {
    this(vanishTolerance, redundancyTolerance, interpolationTolerance, hessianProbes,
        exactHessianMaxParams, hessianEvery, gradientTolerance, lossChangeTolerance,
        convergenceWindow, DiagnosticsSpec.DEFAULT_STABILITY_MAX_PARAMS);
  }

  /** Settings with the default convergence tolerances ({@link DiagnosticsSpec}'s). */
  public DiagnosticsSettings(double vanishTolerance, double redundancyTolerance,
      double interpolationTolerance, int hessianProbes, int exactHessianMaxParams,
      long hessianEvery) {
    this(vanishTolerance, redundancyTolerance, interpolationTolerance, hessianProbes,
        exactHessianMaxParams, hessianEvery, DiagnosticsSpec.DEFAULT_GRADIENT_TOLERANCE,
        DiagnosticsSpec.DEFAULT_LOSS_CHANGE_TOLERANCE, DiagnosticsSpec.DEFAULT_CONVERGENCE_WINDOW);
  }

  /** The worker's view of these settings. */
  public DiagnosticsSpec toSpec() {
    return new DiagnosticsSpec(vanishTolerance, redundancyTolerance, interpolationTolerance,
        hessianProbes, exactHessianMaxParams, hessianEvery, gradientTolerance,
        lossChangeTolerance, convergenceWindow, stabilityMaxParams, lossFloor);
  }
}
