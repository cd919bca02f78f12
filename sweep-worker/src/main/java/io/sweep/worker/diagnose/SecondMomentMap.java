package io.sweep.worker.diagnose;

import java.util.Objects;

/**
 * The second-moment map of SGD linearised at a minimum (Wu, Wang &amp; Su; SCIENCE.md;
 * docs/metrics.md): δ ↦ (I − ηH_B)δ with H_B the mean of the per-sample Gauss–Newton Hessians
 * hᵢ over a batch, so that E[δδᵀ] evolves by
 *
 * <pre>{@code
 * T(Σ) = E[(I − ηH_B) Σ (I − ηH_B)] = Σ − η(HΣ + ΣH) + η²(HΣH + c·((1/n) Σᵢ hᵢΣhᵢ − HΣH))
 * c    = 1/B                          batches of B drawn with replacement
 *        (n − B)/(B(n − 1))           drawn without replacement (a uniform B-subset), 0 at B = n
 * }</pre>
 *
 * (c = 1/B_eff, {@link TheoryMetrics#effectiveBatch}). Without replacement the engine draws the
 * batches of an epoch from one shuffle; each is a uniform B-subset, and the map treats successive
 * batches as independent, as the theory does.
 *
 * <p>T acts on symmetric r × r matrices in the coordinates of range(H) ({@link SampleCurvature}).
 * On range(H)⊥ every A_B is the identity, so there T has the eigenvalue 1 (and on the mixed
 * blocks eigenvalues 1 − ηλ with |1 − ηλ| ≤ max(1, √ρ)): the full map's spectral radius is max(1,
 * ρ) whenever H is singular, which says nothing. ρ here is that of the restriction to range(H).
 * T is self-adjoint for ⟨X, Y⟩ = tr(XY) (each A_B is symmetric) and maps PSD matrices to PSD
 * matrices, so ρ(T) is its largest eigenvalue, with a PSD eigenvector (Krein–Rutman).
 *
 * <p>{@link #spectralRadius}, exactly: in the orthonormal basis svec of symmetric matrices (Eₐₐ
 * and (Eₐᵦ + Eᵦₐ)/√2) with H̃ diagonal, T = D + α S Sᵀ, α = η²c/n: D is diagonal with κₐᵦ =
 * (1 − ηλₐ)(1 − ηλᵦ) − η²c λₐλᵦ, and Σ ↦ (1/n) Σᵢ h̃ᵢΣh̃ᵢ = Σᵢ LᵢᵀLᵢ/n with Lᵢ(Σ) = G̃ᵢΣG̃ᵢᵀ
 * (G̃ᵢ the k reduced rows of sample i), so S has n·k(k+1)/2 columns svec(G̃ᵢᵀ e G̃ᵢ), e running
 * over the svec basis of k × k. When S has at least as many columns as rows (N = r(r+1)/2) the
 * N × N matrix goes to LAPACK ({@link SymmetricEigenvalues}); otherwise λ &gt; max κ is an
 * eigenvalue iff 1 is one of K(λ) = α Sᵀ(λI − D)⁻¹S, whose largest eigenvalue falls strictly
 * with λ, so the largest root is found by bisection on [max κ, max κ + α‖S‖F²] down to a few
 * ulps (max κ itself when there is none). Cost: about 60 × (n′²N/2 + n′³) with n′ the columns.
 *
 * <p>Immutable; each call allocates its own arrays.
 */
public final class SecondMomentMap {

  private final SampleCurvature curvature;
  private final double lr;
  private final double noise;

  /**
   * @param curvature the per-sample Hessians in range(H) coordinates
   * @param lr        η &gt; 0
   * @param noise     c ∈ [0, 1]: 1/B with replacement, (n − B)/(B(n − 1)) without
   */
  public SecondMomentMap(SampleCurvature curvature, double lr, double noise) {
    this.curvature = Objects.requireNonNull(curvature, "curvature");
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("lr must be finite and > 0, got " + lr);
    }
    if (!(noise >= 0 && noise <= 1)) {
      throw new IllegalArgumentException("noise must be in [0, 1], got " + noise);
    }
    this.lr = lr;
    this.noise = noise;
  }

  /** The dimension r of the matrices T acts on. */
  public int dimension() {
    return curvature.rank();
  }

  /** ρ(T) on range(H), as described above; 0 when H = 0 (r = 0); NaN if T is not finite. */
  public double spectralRadius() {
    int r = curvature.rank();
    if (r == 0) {
      return 0;
    }
    double[] lambda = curvature.eigenvalues();
    int size = r * (r + 1) / 2;
    double[] kappa = new double[size];
    double eta2c = lr * lr * noise;
    double top = Double.NEGATIVE_INFINITY;
    for (int a = 0, q = 0; a < r; a++) {
      for (int b = a; b < r; b++, q++) {
        kappa[q] = (1 - lr * lambda[a]) * (1 - lr * lambda[b]) - eta2c * lambda[a] * lambda[b];
        top = Math.max(top, kappa[q]);
      }
    }
    if (!Double.isFinite(top)) {
      return Double.NaN;
    }
    if (noise == 0) {
      return top;
    }
    double[][] s = sandwichFactor(Math.sqrt(eta2c / curvature.samples()));
    int columns = s.length;
    if (columns >= size) {
      double[][] t = new double[size][size];
      for (int x = 0; x < size; x++) {
        t[x][x] = kappa[x];
      }
      for (double[] col : s) {
        for (int x = 0; x < size; x++) {
          for (int y = x; y < size; y++) {
            t[x][y] += col[x] * col[y];
          }
        }
      }
      return SymmetricEigenvalues.max(t);
    }
    double spread = 0;
    for (double[] col : s) {
      for (double v : col) {
        spread += v * v;
      }
    }
    double lo = top;
    double hi = top + spread;
    double[][] k = new double[columns][columns];
    for (int it = 0; it < 200 && hi - lo > 4 * Math.ulp(Math.max(Math.abs(lo), Math.abs(hi)));
        it++) {
      double mid = 0.5 * (lo + hi);
      for (int x = 0; x < columns; x++) {
        for (int y = x; y < columns; y++) {
          double v = 0;
          for (int q = 0; q < size; q++) {
            v += s[x][q] * s[y][q] / (mid - kappa[q]);
          }
          k[x][y] = v;
          k[y][x] = v;
        }
      }
      if (SymmetricEigenvalues.max(k) >= 1) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  /** The columns of √α·S, each svec(G̃ᵢᵀ e G̃ᵢ) of length r(r + 1)/2 (see above). */
  private double[][] sandwichFactor(double scale) {
    int r = curvature.rank();
    int k = curvature.outputs();
    int n = curvature.samples();
    double root2 = Math.sqrt(2);
    double[][] out = new double[n * k * (k + 1) / 2][r * (r + 1) / 2];
    int column = 0;
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < k; o++) {
        double[] go = curvature.row(i, o);
        for (int p = o; p < k; p++) {
          double[] gp = curvature.row(i, p);
          double[] col = out[column++];
          // X = g_o g_oᵀ, or (g_o g_pᵀ + g_p g_oᵀ)/√2 for o < p; svec(X)ₐᵦ = √2 Xₐᵦ off the diagonal
          double f = o == p ? scale : scale / root2;
          for (int a = 0, q = 0; a < r; a++) {
            for (int b = a; b < r; b++, q++) {
              double x = o == p ? go[a] * go[b] : go[a] * gp[b] + gp[a] * go[b];
              col[q] = (a == b ? 1 : root2) * f * x;
            }
          }
        }
      }
    }
    return out;
  }
}
