package io.sweep.worker.diagnose;

import io.sweep.worker.net.NetworkParameters;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Vanished, redundant and independent neurons of a network: the measure of stochastic collapse
 * (SCIENCE.md, section 1 and "Metric definitions"), per hidden layer and for the whole network.
 *
 * <p>Neuron j of hidden layer l (1 … L) is the vector of everything that ties it to the rest of
 * the network: θⱼ = (Wˡ row j, bˡⱼ, out), where out is its outgoing weights: column j of Wˡ⁺¹
 * (m entries) below the last layer, column j of A in the last layer (aⱼ for one output, the k
 * weights a₀ⱼ … a_{k−1,j} for k outputs; whether or not the output trains). bˡⱼ is
 * there only when the network has biases (without them it is always 0 and left out). At depth 1
 * this is θⱼ = (wⱼ, bⱼ, aⱼ) ∈ ℝ^{d+2}, release 0.1.0's neuron. The norm is Euclidean, and every
 * comparison below is among the m neurons of one layer:
 *
 * <ol>
 *   <li><b>vanished</b>: ‖θⱼ‖ &lt; τᵥ · maxₖ ‖θₖ‖ (the largest neuron of the same layer).
 *   <li>Among the other neurons, i and j are <b>merged</b> when 2‖θᵢ − θⱼ‖² / (‖θᵢ‖² + ‖θⱼ‖²)
 *       &lt; τᵣ, or, for an odd activation ({@link io.sweep.worker.spec.Activation#odd()}: tanh,
 *       linear, cubic, where (−w, −b, −out) computes the same function), when 2‖θᵢ + θⱼ‖² / (‖θᵢ‖²
 *       + ‖θⱼ‖²) &lt; τᵣ. The groups are the connected components of the merge relation
 *       (union-find, so merging is transitive: i~j and j~k group i, j, k even when i and k are
 *       farther apart than τᵣ allows).
 *   <li><b>independent</b> = the number of groups; <b>redundant</b> = non-vanished − independent;
 *       <b>collapse fraction</b> = 1 − independent / m.
 * </ol>
 *
 * <p>The whole network ({@link #of}) sums the three counts over its L layers, and its collapse
 * fraction is 1 − (Σₗ independentₗ) / (L·m), the fraction of all hidden neurons that are not
 * independent. At depth 1 both are the one layer's counts.
 *
 * <p>Edge cases: when every θⱼ of a layer is zero (maxₖ‖θₖ‖ = 0) every neuron of it counts as
 * vanished (the strict inequality would otherwise keep all of them), so independent = 0 and its
 * collapse fraction is 1. With τᵥ = 0 zero neurons are not vanished; two of them are merged
 * (their distance is 0).
 *
 * <p>Both criteria are invariant under scaling a layer's neurons by one factor; the computation
 * divides by the layer's largest entry first, so huge but finite weights (a run on its way to
 * diverging) are counted without overflow.
 *
 * <p>Cost O(L·m²·(fan-in + m + 2)) at most: cheap enough for every logged step of a trajectory
 * (a pair's distance stops being summed once it is past τᵣ, after a few entries for most pairs).
 * Stateless; the record is immutable.
 *
 * @param vanished         neurons below the vanishing threshold, 0 … m (0 … L·m for a network)
 * @param redundant        non-vanished neurons beyond one per group
 * @param independent      groups of non-vanished neurons
 * @param collapseFraction 1 − independent / (number of neurons counted), in [0, 1]
 */
public record CollapseCounts(int vanished, int redundant, int independent, double collapseFraction)
    implements Serializable {

  /**
   * Counts the neurons of {@code p}: its only layer's counts at depth 1, the sums over its hidden
   * layers (collapse fraction over all L·m neurons) deeper.
   *
   * @param p                   the network; every parameter must be finite
   * @param vanishTolerance     τᵥ ∈ [0, 1] (SCIENCE.md default 0.1)
   * @param redundancyTolerance τᵣ ≥ 0, finite (default 0.1; the ratio lies in [0, 4])
   * @throws IllegalArgumentException for a tolerance out of range or a non-finite parameter
   */
  public static CollapseCounts of(
      NetworkParameters p, double vanishTolerance, double redundancyTolerance) {
    return total(perLayer(p, vanishTolerance, redundancyTolerance), p.width());
  }

  /**
   * The counts of each hidden layer of {@code p}, layer 1 first (see {@link #of} for the
   * arguments).
   */
  public static List<CollapseCounts> perLayer(
      NetworkParameters p, double vanishTolerance, double redundancyTolerance) {
    Objects.requireNonNull(p, "p");
    checkTolerances(vanishTolerance, redundancyTolerance);
    List<CollapseCounts> layers = new ArrayList<>(p.depth());
    for (int l = 0; l < p.depth(); l++) {
      layers.add(layer(p, l, vanishTolerance, redundancyTolerance));
    }
    return List.copyOf(layers);
  }

  /**
   * The network's counts from its layers' ({@link #perLayer}): sums, and 1 − Σ independent / (L·m).
   *
   * @param width m, the neurons of each layer
   */
  public static CollapseCounts total(List<CollapseCounts> layers, int width) {
    if (layers.size() == 1) {
      return layers.get(0);
    }
    int vanished = 0;
    int redundant = 0;
    int independent = 0;
    for (CollapseCounts c : layers) {
      vanished += c.vanished();
      redundant += c.redundant();
      independent += c.independent();
    }
    return new CollapseCounts(
        vanished, redundant, independent, 1 - (double) independent / ((long) layers.size() * width));
  }

  private static void checkTolerances(double vanishTolerance, double redundancyTolerance) {
    if (!(vanishTolerance >= 0 && vanishTolerance <= 1)) {
      throw new IllegalArgumentException(
          "vanishTolerance must be in [0, 1], got " + vanishTolerance);
    }
    if (!(redundancyTolerance >= 0) || Double.isInfinite(redundancyTolerance)) {
      throw new IllegalArgumentException(
          "redundancyTolerance must be finite and >= 0, got " + redundancyTolerance);
    }
  }

  /**
   * The neuron vectors of hidden layer l (0-based), one row each of a flat m × len array (one
   * allocation, rows contiguous for the pairwise loops): incoming row, bias, outgoing weights.
   */
  private static double[] neurons(NetworkParameters p, int l, int len) {
    int m = p.width();
    int fan = p.fanIn(l);
    boolean last = l == p.depth() - 1;
    int outputs = p.outputDim();
    int outgoing = last ? outputs : m;
    double[] w = p.weights()[l];
    double[] theta = new double[m * len];
    for (int j = 0; j < m; j++) {
      int row = j * len;
      System.arraycopy(w, j * fan, theta, row, fan);
      if (p.bias()) {
        theta[row + fan] = p.biases()[l][j];
      }
      int o = row + len - outgoing;
      if (last) {
        for (int c = 0; c < outputs; c++) {
          theta[o + c] = p.a()[c * m + j]; // A is k × m: neuron j's outgoing weights are column j
        }
      } else {
        double[] next = p.weights()[l + 1]; // m × m: neuron j's outgoing weights are column j
        for (int k = 0; k < m; k++) {
          theta[o + k] = next[k * m + j];
        }
      }
    }
    return theta;
  }

  /** The counts of hidden layer l (0-based). */
  private static CollapseCounts layer(
      NetworkParameters p, int l, double vanishTolerance, double redundancyTolerance) {
    int m = p.width();
    int len = p.fanIn(l) + (p.bias() ? 1 : 0) + (l == p.depth() - 1 ? p.outputDim() : m);
    double[] theta = neurons(p, l, len);
    double largest = 0;
    for (int i = 0; i < theta.length; i++) {
      double v = theta[i];
      if (!Double.isFinite(v)) {
        int j = i / len;
        throw new IllegalArgumentException(
            "neuron " + j + (l == 0 ? "" : " of layer " + (l + 1))
                + " has non-finite parameters");
      }
      largest = Math.max(largest, Math.abs(v));
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
      for (int k = j * len; k < (j + 1) * len; k++) {
        theta[k] /= largest;
        ss += theta[k] * theta[k];
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
            close(theta, i * len, j * len, len, 1, denominator, redundancyTolerance)
                || (odd && close(theta, i * len, j * len, len, -1, denominator,
                    redundancyTolerance));
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

  /**
   * 2‖u − s·v‖² / denominator &lt; τ for the rows u at {@code ui} and v at {@code vi} of theta;
   * two zero vectors are close. The sum of squares only grows (rounding is monotone), so once a
   * partial sum passes the threshold the pair is not close: most pairs of a network are far
   * apart, and are told so after a few entries, with the very answer of the full sum.
   */
  private static boolean close(double[] theta, int ui, int vi, int len, double sign,
      double denominator, double tolerance) {
    if (denominator == 0) {
      return true;
    }
    double ss = 0;
    int k = 0;
    while (k < len) {
      int end = Math.min(len, k + 8);
      for (; k < end; k++) {
        double diff = theta[ui + k] - sign * theta[vi + k];
        ss += diff * diff;
      }
      if (!(2 * ss / denominator < tolerance)) {
        return false;
      }
    }
    return true;
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
