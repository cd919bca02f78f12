package io.sweep.worker.diagnose;

import io.sweep.worker.net.NetworkParameters;
import java.io.Serializable;
import java.util.Objects;

/**
 * Vanished, redundant and independent neurons of a two-layer network: the measure of stochastic
 * collapse (SCIENCE.md, section 1 and "Metric definitions").
 *
 * <p>Neuron j is θⱼ = (wⱼ, bⱼ, aⱼ) ∈ ℝ^{d+2} (bⱼ only when the network has biases; without them
 * it is always 0 and left out), with the Euclidean norm.
 *
 * <ol>
 *   <li><b>vanished</b>: ‖θⱼ‖ &lt; τᵥ · maxₖ ‖θₖ‖.
 *   <li>Among the other neurons, i and j are <b>merged</b> when 2‖θᵢ − θⱼ‖² / (‖θᵢ‖² + ‖θⱼ‖²)
 *       &lt; τᵣ, or, for an odd activation ({@link io.sweep.worker.spec.Activation#odd()}: tanh,
 *       linear, where (−w, −b, −a) computes the same function), when 2‖θᵢ + θⱼ‖² / (‖θᵢ‖² +
 *       ‖θⱼ‖²) &lt; τᵣ. The groups are the connected components of the merge relation
 *       (union-find, so merging is transitive: i~j and j~k group i, j, k even when i and k are
 *       farther apart than τᵣ allows).
 *   <li><b>independent</b> = the number of groups; <b>redundant</b> = non-vanished − independent;
 *       <b>collapse fraction</b> = 1 − independent / m.
 * </ol>
 *
 * <p>Edge cases: when every θⱼ is zero (maxₖ‖θₖ‖ = 0) every neuron counts as vanished (the strict
 * inequality would otherwise keep all of them), so independent = 0 and the collapse fraction is
 * 1. With τᵥ = 0 zero neurons are not vanished; two of them are merged (their distance is 0).
 *
 * <p>Both criteria are invariant under scaling all parameters by one factor; the computation
 * divides by the largest entry first, so huge but finite weights (a run on its way to diverging)
 * are counted without overflow.
 *
 * <p>Cost O(m²(d + 2)): cheap enough for every logged step of a trajectory. Stateless; the record
 * is immutable.
 *
 * @param vanished         neurons below the vanishing threshold, 0 … m
 * @param redundant        non-vanished neurons beyond one per group, 0 … m − 1
 * @param independent      groups of non-vanished neurons, 0 … m
 * @param collapseFraction 1 − independent / m, in [0, 1]
 */
public record CollapseCounts(int vanished, int redundant, int independent, double collapseFraction)
    implements Serializable {

  /**
   * Counts the neurons of {@code p}.
   *
   * @param p                   the network; every parameter must be finite
   * @param vanishTolerance     τᵥ ∈ [0, 1] (SCIENCE.md default 0.1)
   * @param redundancyTolerance τᵣ ≥ 0, finite (default 0.1; the ratio lies in [0, 4])
   * @throws IllegalArgumentException for a tolerance out of range or a non-finite parameter
   */
  public static CollapseCounts of(
      NetworkParameters p, double vanishTolerance, double redundancyTolerance) {
    Objects.requireNonNull(p, "p");
    if (!(vanishTolerance >= 0 && vanishTolerance <= 1)) {
      throw new IllegalArgumentException(
          "vanishTolerance must be in [0, 1], got " + vanishTolerance);
    }
    if (!(redundancyTolerance >= 0) || Double.isInfinite(redundancyTolerance)) {
      throw new IllegalArgumentException(
          "redundancyTolerance must be finite and >= 0, got " + redundancyTolerance);
    }
    int m = p.width();
    int d = p.inputDim();
    int len = d + (p.bias() ? 2 : 1);
    double[][] theta = new double[m][len];
    double largest = 0;
    for (int j = 0; j < m; j++) {
      System.arraycopy(p.w(), j * d, theta[j], 0, d);
      if (p.bias()) {
        theta[j][d] = p.b()[j];
      }
      theta[j][len - 1] = p.a()[j];
      for (double v : theta[j]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("neuron " + j + " has non-finite parameters");
        }
        largest = Math.max(largest, Math.abs(v));
      }
    }
    if (largest == 0) {
      return new CollapseCounts(m, 0, 0, 1.0);
    }
    // Both criteria are invariant under a common scale: divide by the largest entry so that
    // squared norms of huge (diverging but finite) weights cannot overflow.
    double[] sq = new double[m];
    double max = 0;
    for (int j = 0; j < m; j++) {
      double ss = 0;
      for (int k = 0; k < len; k++) {
        theta[j][k] /= largest;
        ss += theta[j][k] * theta[j][k];
      }
      sq[j] = ss;
      max = Math.max(max, Math.sqrt(ss));
    }
    double threshold = vanishTolerance * max;
    boolean[] alive = new boolean[m];
    int vanished = 0;
    for (int j = 0; j < m; j++) {
      alive[j] = !(Math.sqrt(sq[j]) < threshold);
      if (!alive[j]) {
        vanished++;
      }
    }
    boolean odd = p.activation().odd();
    int[] parent = new int[m];
    for (int j = 0; j < m; j++) {
      parent[j] = j;
    }
    int groups = m - vanished;
    for (int i = 0; i < m; i++) {
      if (!alive[i]) {
        continue;
      }
      for (int j = i + 1; j < m; j++) {
        if (!alive[j]) {
          continue;
        }
        double denominator = sq[i] + sq[j];
        boolean merge =
            close(theta[i], theta[j], 1, denominator, redundancyTolerance)
                || (odd && close(theta[i], theta[j], -1, denominator, redundancyTolerance));
        if (merge) {
          int ri = root(parent, i);
          int rj = root(parent, j);
          if (ri != rj) {
            // The smaller index becomes the root: deterministic, and trees stay shallow enough
            // with path halving for m in the thousands.
            parent[Math.max(ri, rj)] = Math.min(ri, rj);
            groups--;
          }
        }
      }
    }
    int redundant = m - vanished - groups;
    return new CollapseCounts(vanished, redundant, groups, 1 - (double) groups / m);
  }

  /** 2‖u − s·v‖² / denominator &lt; τ; two zero vectors are close. */
  private static boolean close(
      double[] u, double[] v, double sign, double denominator, double tolerance) {
    double ss = 0;
    for (int k = 0; k < u.length; k++) {
      double diff = u[k] - sign * v[k];
      ss += diff * diff;
    }
    if (denominator == 0) {
      return true;
    }
    return 2 * ss / denominator < tolerance;
  }

  /** Union-find root with path halving. */
  private static int root(int[] parent, int j) {
    while (parent[j] != j) {
      parent[j] = parent[parent[j]];
      j = parent[j];
    }
    return j;
  }
}
