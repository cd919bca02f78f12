package io.sweep.worker.diagnose;

import io.sweep.worker.net.NetworkParameters;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How close to low rank a weight matrix W is: the measure of label-noise SGD's rank-one features
 * (SCIENCE.md, section 2 and "Metric definitions"), of the first layer's W¹ (m × d) in the
 * {@code runs} columns, of every layer's Wˡ in {@link #perLayer}. With the singular
 * values s₁ ≥ s₂ ≥ … ≥ 0 of W (min(m, d) of them, from LAPACK's dgesdd, {@link
 * SingularValues}):
 *
 * <pre>{@code
 * stable rank            Σᵢ sᵢ² / s₁²                  in [1, min(m, d)]
 * effective rank         exp(−Σᵢ pᵢ log pᵢ), pᵢ = sᵢ / Σⱼ sⱼ (terms with sᵢ = 0 skipped)
 *                                                      in [1, min(m, d)] (Roy & Vetterli 2007)
 * top singular fraction  s₁² / Σᵢ sᵢ²                  in [1/min(m, d), 1]
 * }</pre>
 *
 * <p>All three are dimensionless and invariant under scaling W. A rank-one W gives 1, 1, 1.
 *
 * <p>Edge cases: the zero matrix (every neuron's input weights vanished) has stable rank 0 and
 * effective rank 0 (its rank; the formulas are 0/0) and top singular fraction NaN (a fraction of
 * nothing). A W with a non-finite entry gives NaN for all three.
 *
 * <p>Cost: one SVD of an m × d matrix, O(m·d·min(m, d)). Stateless; the record is immutable.
 *
 * @param stableRank          Σsᵢ² / s₁²
 * @param effectiveRank       exp(entropy of sᵢ / Σs)
 * @param topSingularFraction s₁² / Σsᵢ²
 */
public record RankMetrics(double stableRank, double effectiveRank, double topSingularFraction)
    implements Serializable {

  /**
   * The metrics of W.
   *
   * @param w row-major m × d (entry (j, k) at {@code w[j * d + k]}), as {@link
   *          io.sweep.worker.net.NetworkParameters#w()}
   * @param m rows ≥ 1
   * @param d columns ≥ 1
   */
  public static RankMetrics of(double[] w, int m, int d) {
    double largest = largestEntry(w, m, d);
    if (Double.isNaN(largest)) {
      return new RankMetrics(Double.NaN, Double.NaN, Double.NaN);
    }
    if (largest == 0) {
      return new RankMetrics(0, 0, Double.NaN);
    }
    // The metrics are scale-invariant: W / max|Wⱼₖ| keeps huge finite weights from overflowing.
    double[] scaled = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      scaled[i] = w[i] / largest;
    }
    return ofSingularValues(SingularValues.of(scaled, m, d));
  }

  /** max |Wⱼₖ| of a row-major m × d matrix; NaN when an entry is not finite. */
  private static double largestEntry(double[] w, int m, int d) {
    if (m < 1 || d < 1 || w.length != (long) m * d) {
      throw new IllegalArgumentException(
          "expected an m x d = " + m + " x " + d + " matrix, got " + w.length + " entries");
    }
    double largest = 0;
    for (double v : w) {
      if (!Double.isFinite(v)) {
        return Double.NaN;
      }
      largest = Math.max(largest, Math.abs(v));
    }
    return largest;
  }

  /**
   * {@code of(w, m, d).stableRank()} to rounding (≈ 1e-15 relative), for a fraction of its time:
   * Σᵢ sᵢ² = ‖W‖²_F and s₁² = λmax of the Gram matrix WᵀW (d × d; WWᵀ when m &lt; d) by LAPACK's
   * {@code dsyev}, instead of the SVD of W. The largest eigenvalue of a positive semi-definite
   * matrix is as well-conditioned as s₁ itself, so forming the Gram matrix costs no accuracy here
   * (it would for the small singular values the other metrics need). The trajectory's stable rank
   * of every log point (issue 17). Same edge cases: 0 for the zero matrix, NaN for a non-finite
   * entry.
   *
   * @param w row-major m × d, as {@link #of}
   */
  public static double stableRank(double[] w, int m, int d) {
    double largest = largestEntry(w, m, d);
    if (Double.isNaN(largest)) {
      return Double.NaN;
    }
    if (largest == 0) {
      return 0;
    }
    // Scale-invariant, as of(): W / max|Wⱼₖ| keeps huge finite weights from overflowing.
    boolean columns = d <= m; // the Gram matrix of the smaller side
    int size = columns ? d : m;
    double[][] gram = new double[size][size];
    double frobenius = 0;
    if (columns) {
      double[] row = new double[d];
      for (int j = 0; j < m; j++) {
        for (int k = 0; k < d; k++) {
          row[k] = w[j * d + k] / largest;
          frobenius += row[k] * row[k];
        }
        for (int a = 0; a < d; a++) {
          double[] g = gram[a];
          double ra = row[a];
          for (int b = a; b < d; b++) {
            g[b] += ra * row[b];
          }
        }
      }
    } else {
      double[] scaled = new double[w.length];
      for (int i = 0; i < w.length; i++) {
        scaled[i] = w[i] / largest;
        frobenius += scaled[i] * scaled[i];
      }
      for (int a = 0; a < m; a++) {
        for (int b = a; b < m; b++) {
          double sum = 0;
          for (int k = 0; k < d; k++) {
            sum += scaled[a * d + k] * scaled[b * d + k];
          }
          gram[a][b] = sum;
        }
      }
    }
    return frobenius / SymmetricEigenvalues.max(gram);
  }

  /**
   * The metrics of each hidden layer's weight matrix Wˡ of {@code p} (m × d for l = 1, m × m
   * deeper), layer 1 first; the first is {@code of(p.w(), m, d)}.
   */
  public static List<RankMetrics> perLayer(NetworkParameters p) {
    List<RankMetrics> layers = new ArrayList<>(p.depth());
    for (int l = 0; l < p.depth(); l++) {
      layers.add(of(p.weights()[l], p.width(), p.fanIn(l)));
    }
    return List.copyOf(layers);
  }

  /**
   * The metrics of given singular values (any order, all ≥ 0, not all 0): the formulas above,
   * without the decomposition.
   */
  public static RankMetrics ofSingularValues(double[] s) {
    double top = 0;
    double sum = 0;
    double sumSquares = 0;
    for (double v : s) {
      if (!(v >= 0)) {
        throw new IllegalArgumentException("singular values must be >= 0, got " + v);
      }
      top = Math.max(top, v);
      sum += v;
      sumSquares += v * v;
    }
    if (top == 0) {
      return new RankMetrics(0, 0, Double.NaN);
    }
    double entropy = 0;
    for (double v : s) {
      if (v > 0) {
        double p = v / sum;
        entropy -= p * Math.log(p);
      }
    }
    double topSquare = top * top;
    return new RankMetrics(sumSquares / topSquare, Math.exp(entropy), topSquare / sumSquares);
  }
}
