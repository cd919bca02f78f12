package io.sweep.worker.diagnose;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import java.util.Objects;

/**
 * The per-sample Gauss–Newton Hessians of the training loss and their mean, in coordinates of
 * range(H): the object of Wu, Wang &amp; Su's linear stability analysis (SCIENCE.md, "Wu, Wang
 * &amp; Su's alignment factor and linear stability"; docs/metrics.md).
 *
 * <p>The engine's loss is L = (1/(n·k)) Σᵢ Σₒ rᵢₒ² (no ½, {@link NetworkMse}); its Hessian is
 * (1/n) Σᵢ hᵢ plus a residual term, with the per-sample Gauss–Newton Hessian
 *
 * <pre>{@code
 * hᵢ = (2/k) JᵢᵀJᵢ = Σₒ gᵢₒ gᵢₒᵀ,  gᵢₒ = √(2/k) ∇_θ fₒ(xᵢ)    (Jᵢ the k × P output Jacobian)
 * H  = (1/n) Σᵢ hᵢ = (1/n) GᵀG                                (G: the n·k rows gᵢₒ)
 * }</pre>
 *
 * At a minimum with zero loss the residual term vanishes and H is the Hessian; elsewhere H is its
 * Gauss–Newton part. With GᵀG = V Λ Vᵀ and Q = V_r the eigenvectors of the r eigenvalues above
 * {@value #RANK_TOLERANCE}·λ_max (an orthonormal basis of range(H)), the reduced rows g̃ᵢₒ = Qᵀgᵢₒ
 * give H̃ = QᵀHQ = diag(Λ_r)/n, diagonal, and h̃ᵢ = Σₒ g̃ᵢₒ g̃ᵢₒᵀ. The decomposition is of the
 * smaller of GGᵀ (n·k square; then G̃ = U_r Λ_r^½) and GᵀG (P square; then G̃ = G V_r): LAPACK
 * {@code dsyev} through {@link SymmetricEigenvalues#decompose}.
 *
 * <p>Immutable; the arrays are not exposed.
 */
public final class SampleCurvature {

  /** Eigenvalues of GᵀG below this fraction of the largest are outside range(H). */
  public static final double RANK_TOLERANCE = 1e-12;

  private final int n;
  private final int k;
  private final int rank;
  /** g̃ᵢₒ at row i·k + o, r entries each: (n·k) × r row-major. */
  private final double[] rows;
  /** The eigenvalues of H on its range, Λ_r/n, descending. */
  private final double[] eigenvalues;
  private final double frobenius;

  private SampleCurvature(int n, int k, double[] rows, double[] eigenvalues, double frobenius) {
    this.n = n;
    this.k = k;
    this.rank = eigenvalues.length;
    this.rows = rows;
    this.eigenvalues = eigenvalues;
    this.frobenius = frobenius;
  }

  /** The curvature of {@code p}'s training loss on {@code train} (its trained parameters). */
  public static SampleCurvature of(NetworkParameters p, Samples train) {
    Objects.requireNonNull(p, "p");
    NetworkMse loss = new NetworkMse(p, train);
    int k = train.k();
    double scale = Math.sqrt(2.0 / k);
    double[][] g = new double[train.n() * k][];
    for (int i = 0; i < train.n(); i++) {
      double[][] jacobian = loss.outputJacobian(i);
      for (int o = 0; o < k; o++) {
        double[] row = jacobian[o];
        for (int q = 0; q < row.length; q++) {
          row[q] *= scale;
        }
        g[i * k + o] = row;
      }
    }
    return of(g, train.n(), k);
  }

  /**
   * The curvature from the rows gᵢₒ (row i·k + o of {@code g}, P entries each, scaled so that hᵢ
   * = Σₒ gᵢₒgᵢₒᵀ), for n samples of k outputs.
   */
  public static SampleCurvature of(double[][] g, int n, int k) {
    if (g.length != n * k || n < 1 || k < 1) {
      throw new IllegalArgumentException(
          "expected n·k = " + n * k + " rows, got " + g.length + " (n = " + n + ", k = " + k + ")");
    }
    int rowsCount = g.length;
    int dim = g[0].length;
    boolean gram = rowsCount <= dim;
    int size = gram ? rowsCount : dim;
    double[][] square = new double[size][size];
    for (int a = 0; a < size; a++) {
      for (int b = a; b < size; b++) {
        double s = 0;
        if (gram) {
          for (int q = 0; q < dim; q++) {
            s += g[a][q] * g[b][q];
          }
        } else {
          for (int row = 0; row < rowsCount; row++) {
            s += g[row][a] * g[row][b];
          }
        }
        square[a][b] = s;
        square[b][a] = s;
      }
    }
    SymmetricEigenvalues.Decomposition eig = SymmetricEigenvalues.decompose(square);
    double[] values = eig.values(); // ascending
    double top = values.length == 0 ? 0 : values[values.length - 1];
    double ss = 0;
    int r = 0;
    for (double v : values) {
      ss += (v / n) * (v / n);
      if (v > RANK_TOLERANCE * top && top > 0) {
        r++;
      }
    }
    double[] lambda = new double[r];
    double[] reduced = new double[rowsCount * r];
    for (int c = 0; c < r; c++) {
      int j = values.length - 1 - c; // descending
      double[] vector = eig.vectors()[j];
      lambda[c] = values[j] / n;
      if (gram) {
        double root = Math.sqrt(values[j]);
        for (int row = 0; row < rowsCount; row++) {
          reduced[row * r + c] = vector[row] * root;
        }
      } else {
        for (int row = 0; row < rowsCount; row++) {
          double s = 0;
          for (int q = 0; q < dim; q++) {
            s += g[row][q] * vector[q];
          }
          reduced[row * r + c] = s;
        }
      }
    }
    return new SampleCurvature(n, k, reduced, lambda, Math.sqrt(ss));
  }

  /** n, the samples. */
  public int samples() {
    return n;
  }

  /** k, the outputs per sample. */
  public int outputs() {
    return k;
  }

  /** g̃ᵢₒ, the reduced row of sample i, output o (a copy, r entries). */
  double[] row(int i, int o) {
    int from = (i * k + o) * rank;
    return java.util.Arrays.copyOfRange(rows, from, from + rank);
  }

  /** r = rank H (numerical, {@link #RANK_TOLERANCE}). */
  public int rank() {
    return rank;
  }

  /** ‖H‖F (every eigenvalue, also those below the rank tolerance). */
  public double frobenius() {
    return frobenius;
  }

  /** The eigenvalues of H on its range, descending (a copy): H̃ = diag of these. */
  public double[] eigenvalues() {
    return eigenvalues.clone();
  }

  /** out ← (1/n) Σᵢ h̃ᵢ S h̃ᵢ for a symmetric r × r row-major S (out of the same shape). */
  void meanSandwich(double[] s, double[] out) {
    java.util.Arrays.fill(out, 0);
    double[] sg = new double[k * rank];  // S g̃ᵢₒ for the k rows of sample i
    double[] inner = new double[k * k];  // g̃ᵢₒᵀ S g̃ᵢₚ
    for (int i = 0; i < n; i++) {
      int base = i * k * rank;
      for (int o = 0; o < k; o++) {
        for (int a = 0; a < rank; a++) {
          double v = 0;
          for (int b = 0; b < rank; b++) {
            v += s[a * rank + b] * rows[base + o * rank + b];
          }
          sg[o * rank + a] = v;
        }
      }
      for (int o = 0; o < k; o++) {
        for (int q = 0; q < k; q++) {
          double v = 0;
          for (int a = 0; a < rank; a++) {
            v += rows[base + o * rank + a] * sg[q * rank + a];
          }
          inner[o * k + q] = v;
        }
      }
      // h̃ᵢ S h̃ᵢ = Σₒ,ₚ (g̃ₒᵀ S g̃ₚ) g̃ₒ g̃ₚᵀ
      for (int o = 0; o < k; o++) {
        for (int q = 0; q < k; q++) {
          double c = inner[o * k + q] / n;
          if (c == 0) {
            continue;
          }
          for (int a = 0; a < rank; a++) {
            double ca = c * rows[base + o * rank + a];
            for (int b = 0; b < rank; b++) {
              out[a * rank + b] += ca * rows[base + q * rank + b];
            }
          }
        }
      }
    }
  }

  /**
   * μ_min: the smallest generalised eigenvalue of (M, ‖H‖F² H) on range(H), M = (1/n) Σᵢ hᵢ H hᵢ
   * − H³ = (1/n) Σᵢ (hᵢ − H) H (hᵢ − H) ⪰ 0: the infimum over directions δ ∈ range(H) of Wu, Wang
   * &amp; Su's μ(θ* + δ) = Tr(Σ(θ)H) / (2L(θ)‖H‖F²) of the linearised model. NaN when H = 0.
   */
  public double alignmentFactor() {
    if (rank == 0) {
      return Double.NaN;
    }
    double[] h = new double[rank * rank];
    for (int a = 0; a < rank; a++) {
      h[a * rank + a] = eigenvalues[a];
    }
    double[] m = new double[rank * rank];
    meanSandwich(h, m);
    // D^{-1/2} M D^{-1/2} with D = H̃ diagonal; minus H̃³ there is diag(λ²)
    double[][] c = new double[rank][rank];
    for (int a = 0; a < rank; a++) {
      for (int b = 0; b < rank; b++) {
        c[a][b] = m[a * rank + b] / Math.sqrt(eigenvalues[a] * eigenvalues[b]);
      }
      c[a][a] -= eigenvalues[a] * eigenvalues[a];
    }
    return SymmetricEigenvalues.of(c)[0] / (frobenius * frobenius);
  }
}
