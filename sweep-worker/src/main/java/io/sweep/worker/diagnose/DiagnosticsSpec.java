package io.sweep.worker.diagnose;

import java.io.Serializable;

/**
 * The settings of the end-of-run diagnostics, resolved from the sweep's {@code diagnostics}
 * config section (defaults live there, not here; SCIENCE.md, "Metric definitions").
 *
 * @param vanishTolerance         τᵥ ∈ [0, 1]: a neuron vanished when its norm is below τᵥ times
 *                                the largest neuron norm ({@link CollapseCounts})
 * @param redundancyTolerance     τᵣ ≥ 0, finite: two neurons are merged when their relative
 *                                squared distance is below τᵣ ({@link CollapseCounts})
 * @param interpolationTolerance  τᵢ ≥ 0, finite: the run interpolated when its training loss is
 *                                at most τᵢ times the variance of the training labels
 * @param hessianProbes           Hutchinson probes N ≥ 2 on the estimated Hessian path
 * @param exactHessianMaxParams   the Hessian is computed densely when the parameter count is at
 *                                most this, ≥ 0 (memory 8P² bytes, time O(P³))
 * @param hessianEvery            λmax is added to the trajectory every this many steps (at the
 *                                log points that are multiples of it), by Lanczos; 0 = never
 * @param gradientTolerance       τ_g ≥ 0: converged needs ‖∇L‖ ≤ τ_g ({@link TheoryMetrics})
 * @param lossChangeTolerance     τ_ℓ ≥ 0: converged needs (max − min)/max of the last logged
 *                                training losses ≤ τ_ℓ
 * @param convergenceWindow       w ≥ 2: how many last logged losses that looks at
 * @param stabilityMaxParams      μ_alignment and ms_stability_radius ({@link CurvatureMetrics})
 *                                are computed when the parameter count is at most this, ≥ 0
 * @param lossFloor               τ_a ≥ 0: logged losses all at most τ_a times the step-0 loss
 *                                count as unchanged for converged (float32's loss floor jitters)
 */
public record DiagnosticsSpec(
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
    double lossFloor)
    implements Serializable {

  /** τ_g of application.conf ({@code diagnostics.gradient-tolerance}). */
  public static final double DEFAULT_GRADIENT_TOLERANCE = 1e-3;
  /** τ_ℓ of application.conf ({@code diagnostics.loss-change-tolerance}). */
  public static final double DEFAULT_LOSS_CHANGE_TOLERANCE = 1e-3;
  /** w of application.conf ({@code diagnostics.convergence-window}). */
  public static final int DEFAULT_CONVERGENCE_WINDOW = 5;
  /**
   * P bound of application.conf ({@code diagnostics.stability-max-params}; docs/metrics.md says
   * how it was chosen).
   */
  public static final int DEFAULT_STABILITY_MAX_PARAMS = 64;
  /**
   * τ_a of application.conf ({@code diagnostics.loss-floor}): float32 training settles at losses
   * of 1e-14 … 1e-10 of the initial one, where consecutive logged losses differ by more than τ_ℓ.
   */
  public static final double DEFAULT_LOSS_FLOOR = 1e-8;

  /** The settings with the default loss floor. */
  public DiagnosticsSpec(double vanishTolerance, double redundancyTolerance,
      double interpolationTolerance, int hessianProbes, int exactHessianMaxParams,
      long hessianEvery, double gradientTolerance, double lossChangeTolerance,
      int convergenceWindow, int stabilityMaxParams) {
    this(vanishTolerance, redundancyTolerance, interpolationTolerance, hessianProbes,
        exactHessianMaxParams, hessianEvery, gradientTolerance, lossChangeTolerance,
        convergenceWindow, stabilityMaxParams, DEFAULT_LOSS_FLOOR);
  }

  /** The settings with the default stability bound. */
  public DiagnosticsSpec(double vanishTolerance, double redundancyTolerance,
      double interpolationTolerance, int hessianProbes, int exactHessianMaxParams,
      long hessianEvery, double gradientTolerance, double lossChangeTolerance,
      int convergenceWindow) {
    this(vanishTolerance, redundancyTolerance, interpolationTolerance, hessianProbes,
        exactHessianMaxParams, hessianEvery, gradientTolerance, lossChangeTolerance,
        convergenceWindow, DEFAULT_STABILITY_MAX_PARAMS);
  }

  /** The settings with the default convergence tolerances. */
  public DiagnosticsSpec(double vanishTolerance, double redundancyTolerance,
      double interpolationTolerance, int hessianProbes, int exactHessianMaxParams,
      long hessianEvery) {
    this(vanishTolerance, redundancyTolerance, interpolationTolerance, hessianProbes,
        exactHessianMaxParams, hessianEvery, DEFAULT_GRADIENT_TOLERANCE,
        DEFAULT_LOSS_CHANGE_TOLERANCE, DEFAULT_CONVERGENCE_WINDOW);
  }

  public DiagnosticsSpec {
    if (!(vanishTolerance >= 0 && vanishTolerance <= 1)) {
      throw new IllegalArgumentException(
          "vanishTolerance must be in [0, 1], got " + vanishTolerance);
    }
    if (!(redundancyTolerance >= 0) || Double.isInfinite(redundancyTolerance)) {
      throw new IllegalArgumentException(
          "redundancyTolerance must be finite and >= 0, got " + redundancyTolerance);
    }
    if (!(interpolationTolerance >= 0) || Double.isInfinite(interpolationTolerance)) {
      throw new IllegalArgumentException(
          "interpolationTolerance must be finite and >= 0, got " + interpolationTolerance);
    }
    if (hessianProbes < 2) {
      throw new IllegalArgumentException("hessianProbes must be >= 2, got " + hessianProbes);
    }
    if (hessianEvery < 0) {
      throw new IllegalArgumentException("hessianEvery must be >= 0, got " + hessianEvery);
    }
    if (!(gradientTolerance >= 0) || !(lossChangeTolerance >= 0) || !(lossFloor >= 0)) {
      throw new IllegalArgumentException(
          "gradientTolerance, lossChangeTolerance and lossFloor must be >= 0, got "
          + gradientTolerance + ", " + lossChangeTolerance + ", " + lossFloor);
    }
    if (convergenceWindow < 2) {
      throw new IllegalArgumentException(
          "convergenceWindow must be >= 2, got " + convergenceWindow);
    }
    if (stabilityMaxParams < 0) {
      throw new IllegalArgumentException(
          "stabilityMaxParams must be >= 0, got " + stabilityMaxParams);
    }
    if (exactHessianMaxParams < 0) {
      throw new IllegalArgumentException(
          "exactHessianMaxParams must be >= 0, got " + exactHessianMaxParams);
    }
  }
}
