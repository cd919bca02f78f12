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

  /**
   * out ← H V for {@code count} vectors at once (issue 17: the Hutchinson probes and the unit
   * vectors of the dense Hessian as one block), interleaved: entry i of vector b at {@code
   * v[i * count + b]}, the same layout in {@code out}. Each product is {@link
   * #hessianVectorProduct} of that vector, to rounding where an implementation sums in another
   * order (as {@link TwoLayerMse}'s matrix products do). This default calls it vector by vector.
   *
   * @param v     length P·count, not modified
   * @param out   length P·count, overwritten; must not be {@code v}
   * @param count vectors in the block, ≥ 1
   */
  default void hessianVectorProducts(double[] v, double[] out, int count) {
    int dim = dimension();
    BlockHessian.checkBlock(dim, v, out, count);
    double[] one = new double[dim];
    double[] product = new double[dim];
    for (int b = 0; b < count; b++) {
      for (int i = 0; i < dim; i++) {
        one[i] = v[i * count + b];
      }
      hessianVectorProduct(one, product);
      for (int i = 0; i < dim; i++) {
        out[i * count + b] = product[i];
      }
    }
  }
}
