package io.sweep.worker.diagnose;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** L(θ) = ½ θᵀAθ at θ = 0 with A = Q diag(λ) Qᵀ, Q a seeded random orthogonal matrix. */
final class Quadratic implements TwiceDifferentiable {

  private final double[][] a;

  Quadratic(double[] eigenvalues, long seed) {
    int n = eigenvalues.length;
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] g = new double[n][n];
    for (double[] row : g) {
      for (int k = 0; k < n; k++) {
        row[k] = rng.nextGaussian();
      }
    }
    RealMatrix q = new QRDecomposition(new Array2DRowRealMatrix(g)).getQ();
    a = q.multiply(MatrixUtils.createRealDiagonalMatrix(eigenvalues))
        .multiply(q.transpose())
        .getData();
  }

  @Override
  public int dimension() {
    return a.length;
  }

  @Override
  public double value() {
    return 0;
  }

  @Override
  public double[] gradient() {
    return new double[a.length];
  }

  @Override
  public void hessianVectorProduct(double[] v, double[] out) {
    for (int i = 0; i < a.length; i++) {
      double s = 0;
      for (int j = 0; j < a.length; j++) {
        s += a[i][j] * v[j];
      }
      out[i] = s;
    }
  }
}
