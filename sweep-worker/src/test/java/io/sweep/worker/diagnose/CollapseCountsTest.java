package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import org.junit.jupiter.api.Test;

class CollapseCountsTest {

  /** A bias-free network from rows (w₁ … w_d, a). */
  private static NetworkParameters net(Activation activation, double[]... neurons) {
    int m = neurons.length;
    int d = neurons[0].length - 1;
    double[] w = new double[m * d];
    double[] a = new double[m];
    for (int j = 0; j < m; j++) {
      System.arraycopy(neurons[j], 0, w, j * d, d);
      a[j] = neurons[j][d];
    }
    return new NetworkParameters(m, d, activation, false, w, new double[m], a, 0);
  }

  /**
   * Neurons: 0 and 1 near-duplicates, 2 and 5 vanished, 3 = −neuron 0 (sign flip), 4 on its own.
   */
  private static NetworkParameters sixNeurons(Activation activation) {
    return net(
        activation,
        new double[] {1, 0, 1},
        new double[] {1, 0.01, 1},
        new double[] {0.01, 0, 0.01},
        new double[] {-1, 0, -1},
        new double[] {0, 1, -1},
        new double[] {0, 0, 0});
  }

  @Test
  void reluMergesDuplicatesButNotSignFlippedNeurons() {
    CollapseCounts c = CollapseCounts.of(sixNeurons(Activation.RELU), 0.1, 0.1);
    // Groups {0, 1}, {3}, {4}; vanished 2 and 5.
    assertEquals(new CollapseCounts(2, 1, 3, 0.5), c);
  }

  @Test
  void tanhAlsoMergesSignFlippedNeurons() {
    CollapseCounts c = CollapseCounts.of(sixNeurons(Activation.TANH), 0.1, 0.1);
    // Groups {0, 1, 3}, {4}.
    assertEquals(new CollapseCounts(2, 2, 2, 1 - 2 / 6.0), c);
  }

  @Test
  void linearActivationIsOddAndMergesSignFlippedNeurons() {
    CollapseCounts c = CollapseCounts.of(sixNeurons(Activation.LINEAR), 0.1, 0.1);
    assertEquals(2, c.independent());
  }

  @Test
  void mergingIsTransitiveThroughAChain() {
    // Ratios 2‖θᵢ − θⱼ‖² / (‖θᵢ‖² + ‖θⱼ‖²): 0–1 0.044, 1–2 0.040, 0–2 0.165 > 0.1.
    double[] n0 = {1, 0, 1};
    double[] n1 = {1, 0.3, 1};
    double[] n2 = {1, 0.6, 1};
    assertEquals(
        new CollapseCounts(0, 0, 2, 0.0),
        CollapseCounts.of(net(Activation.RELU, n0, n2), 0.1, 0.1),
        "the ends alone are not merged");
    assertEquals(
        new CollapseCounts(0, 2, 1, 1 - 1 / 3.0),
        CollapseCounts.of(net(Activation.RELU, n0, n2, n1), 0.1, 0.1),
        "the middle neuron joins them");
  }

  @Test
  void vanishingIsStrictlyBelowTheToleranceTimesTheLargestNorm() {
    NetworkParameters p =
        net(
            Activation.RELU,
            new double[] {1, 0, 0},
            new double[] {0, 0.5, 0},
            new double[] {0, 0, 0.25});
    // τᵥ · max = 0.5: the norm-0.5 neuron stays, the norm-0.25 one vanishes.
    CollapseCounts c = CollapseCounts.of(p, 0.5, 0.1);
    assertEquals(new CollapseCounts(1, 0, 2, 1 - 2 / 3.0), c);
  }

  @Test
  void biasesArePartOfTheNeuronWhenTheNetworkHasThem() {
    double[] w = {1, 0, 1, 0};
    double[] a = {1, 1};
    NetworkParameters withBias =
        new NetworkParameters(2, 2, Activation.RELU, true, w, new double[] {0, 1}, a, 0);
    NetworkParameters sameWithoutBias =
        new NetworkParameters(2, 2, Activation.RELU, false, w, new double[2], a, 0);
    // With b: 2·1 / (2 + 3) = 0.4 ≥ 0.1, distinct; without: identical.
    assertEquals(2, CollapseCounts.of(withBias, 0.1, 0.1).independent());
    assertEquals(1, CollapseCounts.of(sameWithoutBias, 0.1, 0.1).independent());
  }

  @Test
  void anAllZeroNetworkHasEveryNeuronVanishedAndCollapseOne() {
    NetworkParameters zero =
        new NetworkParameters(
            4, 3, Activation.TANH, true, new double[12], new double[4], new double[4], 0);
    assertEquals(new CollapseCounts(4, 0, 0, 1.0), CollapseCounts.of(zero, 0.1, 0.1));
  }

  @Test
  void distinctNeuronsAreAllIndependent() {
    NetworkParameters p = TestNets.random(Activation.RELU, true, 12, 6, 3);
    assertEquals(new CollapseCounts(0, 0, 12, 0.0), CollapseCounts.of(p, 0.01, 0.01));
  }

  @Test
  void nonFiniteParametersAreRejected() {
    NetworkParameters p =
        net(Activation.RELU, new double[] {1, 0, 1}, new double[] {Double.NaN, 0, 1});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CollapseCounts.of(p, 0.1, 0.1));
    assertEquals("neuron 1 has non-finite parameters", e.getMessage());
  }

  @Test
  void tolerancesOutOfRangeAreRejected() {
    NetworkParameters p = sixNeurons(Activation.RELU);
    assertEquals(
        "vanishTolerance must be in [0, 1], got 1.5",
        assertThrows(IllegalArgumentException.class, () -> CollapseCounts.of(p, 1.5, 0.1))
            .getMessage());
    assertEquals(
        "redundancyTolerance must be finite and >= 0, got -0.1",
        assertThrows(IllegalArgumentException.class, () -> CollapseCounts.of(p, 0.1, -0.1))
            .getMessage());
  }
  /**
   * A depth-2 bias-free network, width 4, input dimension 2: layer 1 distinct, layer 2 with
   * neuron 1 a copy of neuron 0 (same incoming row, same outgoing weight aⱼ), neuron 2 its sign
   * flip (−row, −a), neuron 3 vanished.
   */
  private static NetworkParameters twoLayers(Activation activation) {
    double[] w1 = {1, 0, 0, 1, 1, 1, 1, -1};
    double[] w2 = {
      1, 2, 0, -1,
      1, 2, 0, -1,
      -1, -2, 0, 1,
      0.01, 0, 0, 0.01
    };
    double[] a = {1, 1, -1, 0.01};
    return new NetworkParameters(2, 4, activation, false, true, new double[][] {w1, w2},
        new double[][] {new double[4], new double[4]}, a, 0);
  }

  @Test
  void eachHiddenLayerIsCountedWithItsOutgoingWeights() {
    // Layer 1: neuron j = (row j of W¹, column j of W²). Columns of W² are (1, 1, −1, 0.01),
    // (2, 2, −2, 0), (0, 0, 0, 0), (−1, −1, 1, 0.01): neuron 2's row (1, 1) and its zero column
    // keep it apart; all four distinct.
    java.util.List<CollapseCounts> relu = CollapseCounts.perLayer(twoLayers(Activation.RELU), 0.1, 0.1);
    assertEquals(2, relu.size());
    assertEquals(new CollapseCounts(0, 0, 4, 0.0), relu.get(0));
    // Layer 2: 0 ~ 1, 3 vanished; relu does not merge 2 = −0.
    assertEquals(new CollapseCounts(1, 1, 2, 0.5), relu.get(1));
    java.util.List<CollapseCounts> tanh = CollapseCounts.perLayer(twoLayers(Activation.TANH), 0.1, 0.1);
    assertEquals(new CollapseCounts(1, 2, 1, 0.75), tanh.get(1));
    // The network: sums, and 1 − Σ independent / (L·m).
    assertEquals(new CollapseCounts(1, 1, 6, 0.25), CollapseCounts.of(twoLayers(Activation.RELU), 0.1, 0.1));
    assertEquals(new CollapseCounts(1, 2, 5, 1 - 5 / 8.0), CollapseCounts.of(twoLayers(Activation.TANH), 0.1, 0.1));
  }

  @Test
  void atDepthOneTheOnlyLayerIsTheNetwork() {
    NetworkParameters p = sixNeurons(Activation.TANH);
    assertEquals(java.util.List.of(CollapseCounts.of(p, 0.1, 0.1)), CollapseCounts.perLayer(p, 0.1, 0.1));
  }

  @Test
  void aNonFiniteWeightOfADeeperLayerIsRejectedNamingTheLayer() {
    NetworkParameters p = twoLayers(Activation.RELU);
    p.weights()[1][5] = Double.NaN; // row 1 of W²
    assertEquals("neuron 1 has non-finite parameters",
        assertThrows(IllegalArgumentException.class, () -> CollapseCounts.of(p, 0.1, 0.1)).getMessage(),
        "column 1 of W² belongs to neuron 1 of layer 1");
    NetworkParameters q = twoLayers(Activation.RELU);
    q.a()[2] = Double.POSITIVE_INFINITY;
    assertEquals("neuron 2 of layer 2 has non-finite parameters",
        assertThrows(IllegalArgumentException.class, () -> CollapseCounts.of(q, 0.1, 0.1)).getMessage());
  }
}
