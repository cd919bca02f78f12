package io.sweep.worker.diagnose;

/**
 * A twice-differentiable scalar function L(θ) of {@link #dimension()} parameters, evaluated at one
 * fixed point θ: its value, its gradient and products of its Hessian with vectors. The Hessian
 * estimators ({@link HessianEstimates}, {@link Lanczos}) see a loss only through this interface,
 * so that they can be tested on a quadratic whose Hessian is known ({@link LinearMse}) and run on
 * the network's loss ({@link TwoLayerMse}).
 *
 * <p>Implementations are immutable once built; {@link #hessianVectorProduct} writes only into
 * {@code out}, so one instance may serve several threads if each brings its own arrays.
 */
public interface TwiceDifferentiable {

  /** The number of parameters P, ≥ 1. */
  int dimension();

  /** L(θ) at the fixed point. */
  double value();

  /** ∇L(θ), a new array of length P. */
  double[] gradient();

  /**
   * out ← H v, with H = ∇²L(θ) the P × P Hessian at the fixed point.
   *
   * @param v   length P, not modified
   * @param out length P, overwritten; must not be {@code v}
   */
  void hessianVectorProduct(double[] v, double[] out);
}
