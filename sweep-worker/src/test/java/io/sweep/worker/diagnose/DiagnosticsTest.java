package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.Samples;
import io.sweep.worker.data.TeacherStudent;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.Teacher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {

  private static final DiagnosticsSpec SPEC = new DiagnosticsSpec(0.1, 0.1, 1e-3, 16, 200, 0);
  private static final TeacherStudent DATA =
      TeacherStudent.generate(new DataSpec(4, Teacher.LINEAR, 0.2, 32, 50, 1), 3);

  @Test
  void everyMetricIsTheOneItsOwnClassComputes() {
    NetworkParameters p = TestNets.random(Activation.TANH, true, 6, 4, 1);
    double lr = 0.05;
    DiagnosticsResult r = Diagnostics.compute(p, DATA, SPEC, lr, 8, 0.4, 7);

    CollapseCounts c = CollapseCounts.of(p, 0.1, 0.1);
    RankMetrics rank = RankMetrics.of(p.w(), 6, 4);
    HessianSummary h = HessianEstimates.exact(new TwoLayerMse(p, DATA.train()));
    assertEquals(c.vanished(), r.vanishedNeurons());
    assertEquals(c.redundant(), r.redundantNeurons());
    assertEquals(c.independent(), r.independentNeurons());
    assertEquals(c.collapseFraction(), r.collapseFraction());
    assertEquals(rank.stableRank(), r.stableRank());
    assertEquals(rank.effectiveRank(), r.effectiveRank());
    assertEquals(rank.topSingularFraction(), r.topSingularFraction());
    assertEquals(h.maxEigenvalue(), r.hessianMaxEig());
    assertEquals(h.trace(), r.hessianTrace());
    assertEquals(h.frobenius(), r.hessianFrobenius());
    assertEquals(0.0, r.hessianTraceSe());
    assertEquals(0.0, r.hessianFrobeniusSe());
    assertEquals(HessianSummary.EXACT, r.hessianMethod());
    assertEquals(lr * h.maxEigenvalue() / 2, r.stabilityRatio(), 0.0);
    assertEquals(lr * h.frobenius() / Math.sqrt(8), r.frobeniusBoundRatio(), 0.0);
    assertEquals(
        LeastSquares.olsDistance(p, DATA.test(), LeastSquares.fit(DATA.train())),
        r.olsDistance());
  }

  @Test
  void atDepthOneTheLayerListsHoldTheScalarsAndTheHessianIsTwoLayerMses() {
    NetworkParameters p = TestNets.random(Activation.GELU, true, 5, 4, 2);
    DiagnosticsResult r = Diagnostics.compute(p, DATA, SPEC, 0.05, 8, 0.4, 7);
    assertTrue(Diagnostics.loss(p, DATA.train()) instanceof TwoLayerMse);
    assertEquals(List.of(r.vanishedNeurons()), r.layerVanishedNeurons());
    assertEquals(List.of(r.independentNeurons()), r.layerIndependentNeurons());
    assertEquals(List.of(r.collapseFraction()), r.layerCollapseFraction());
    assertEquals(List.of(r.stableRank()), r.layerStableRank());
    assertEquals(List.of(r.effectiveRank()), r.layerEffectiveRank());
    assertEquals(HessianEstimates.exact(new TwoLayerMse(p, DATA.train())).maxEigenvalue(),
        r.hessianMaxEig());
  }

  @Test
  void deepAndFrozenOutputNetworksGetEveryMetricPerLayerAndNetworkMsesHessian() {
    for (boolean trainOutput : new boolean[] {true, false}) {
      for (int depth : new int[] {1, 3}) {
        if (depth == 1 && trainOutput) {
          continue;
        }
        NetworkParameters p = TestNets.deep(Activation.TANH, true, trainOutput, depth, 4, 4, 3);
        DiagnosticsResult r = Diagnostics.compute(p, DATA, SPEC, 0.05, 8, 0.4, 7);
        assertTrue(Diagnostics.loss(p, DATA.train()) instanceof NetworkMse);
        HessianSummary h = HessianEstimates.exact(new NetworkMse(p, DATA.train()));
        assertEquals(HessianSummary.EXACT, r.hessianMethod());
        assertEquals(h.maxEigenvalue(), r.hessianMaxEig());
        assertEquals(h.trace(), r.hessianTrace());
        assertEquals(h.frobenius(), r.hessianFrobenius());
        List<CollapseCounts> layers = CollapseCounts.perLayer(p, 0.1, 0.1);
        CollapseCounts total = CollapseCounts.of(p, 0.1, 0.1);
        assertEquals(total.independent(), r.independentNeurons());
        assertEquals(total.collapseFraction(), r.collapseFraction());
        assertEquals(layers.stream().map(CollapseCounts::independent).toList(),
            r.layerIndependentNeurons());
        assertEquals(layers.stream().map(CollapseCounts::collapseFraction).toList(),
            r.layerCollapseFraction());
        assertEquals(depth, r.layerStableRank().size());
        assertEquals(RankMetrics.of(p.w(), 4, 4).stableRank(), r.stableRank());
        assertEquals(RankMetrics.of(p.weights()[depth - 1], 4, 4).stableRank(),
            r.layerStableRank().get(depth - 1));
        assertEquals(r.stableRank(), r.layerStableRank().get(0));
        assertEquals(
            LeastSquares.olsDistance(p, DATA.test(), LeastSquares.fit(DATA.train())),
            r.olsDistance());
      }
    }
  }

  @Test
  void trajectoriesOfADeepNetworkRecordTheNetworksCountsAndNetworkMsesSharpness() {
    NetworkParameters p = TestNets.deep(Activation.TANH, true, true, 2, 4, 4, 8);
    DiagnosticsSpec every = new DiagnosticsSpec(0.1, 0.1, 1e-3, 16, 200, 5);
    TrajectoryRecorder recorder = new TrajectoryRecorder(DATA.train(), DATA.test(), every, 7);
    recorder.observe(5, 0.4, () -> p);
    TrajectoryPoint point = recorder.points().get(0);
    assertEquals(CollapseCounts.of(p, 0.1, 0.1).independent(), point.independentNeurons());
    assertEquals(RankMetrics.of(p.w(), 4, 4).stableRank(), point.stableRank());
    double exact = HessianEstimates.exact(new NetworkMse(p, DATA.train())).maxEigenvalue();
    assertEquals(exact, point.hessianMaxEig(), 1e-3 * Math.abs(exact));
  }

  @Test
  void aNonFiniteDeeperLayerMakesTheNetworkDiverged() {
    NetworkParameters p = TestNets.deep(Activation.RELU, true, true, 2, 4, 4, 3);
    p.weights()[1][2] = Double.NaN;
    DiagnosticsResult r = Diagnostics.compute(p, DATA, SPEC, 0.1, 4, Double.NaN, 1);
    assertNull(r.independentNeurons());
    assertNull(r.layerIndependentNeurons());
    assertNull(r.layerStableRank());
    assertEquals(HessianSummary.NONE, r.hessianMethod());
  }

  @Test
  void largeNetworksTakeTheEstimatedPathWithStandardErrors() {
    NetworkParameters p = TestNets.random(Activation.RELU, false, 50, 4, 2);
    DiagnosticsResult r = Diagnostics.compute(p, DATA, SPEC, 0.1, 4, 0.4, 7);

    assertEquals(HessianSummary.ESTIMATED, r.hessianMethod());
    assertTrue(r.hessianTraceSe() > 0);
    assertTrue(r.hessianFrobeniusSe() > 0);
    assertEquals(r, Diagnostics.compute(p, DATA, SPEC, 0.1, 4, 0.4, 7), "deterministic");
  }

  @Test
  void interpolatedMeansTrainingLossAtMostToleranceTimesLabelVariance() {
    NetworkParameters p = TestNets.random(Activation.RELU, false, 3, 4, 2);
    double threshold = 1e-3 * DATA.train().labelVariance();

    assertTrue(Diagnostics.compute(p, DATA, SPEC, 0.1, 4, threshold, 1).interpolated());
    assertTrue(Diagnostics.compute(p, DATA, SPEC, 0.1, 4, 0.0, 1).interpolated());
    assertFalse(
        Diagnostics.compute(p, DATA, SPEC, 0.1, 4, Math.nextUp(threshold), 1).interpolated());
    assertFalse(Diagnostics.compute(p, DATA, SPEC, 0.1, 4, Double.NaN, 1).interpolated());
  }

  @Test
  void labelsWithoutVarianceAreInterpolatedOnlyAtZeroLoss() {
    Samples flat = new Samples(3, 1, new double[] {1, 2, 3}, new double[] {2, 2, 2});
    NetworkParameters p = TestNets.random(Activation.LINEAR, false, 2, 1, 1);
    assertTrue(Diagnostics.compute(p, flat, flat, SPEC, 0.1, 1, 0.0, 1).interpolated());
    assertFalse(Diagnostics.compute(p, flat, flat, SPEC, 0.1, 1, 1e-30, 1).interpolated());
  }

  @Test
  void aDivergedNetworkGetsUndefinedMetricsInsteadOfAnException() {
    NetworkParameters p = TestNets.random(Activation.RELU, true, 5, 4, 3);
    p.w()[3] = Double.POSITIVE_INFINITY;
    p.a()[0] = Double.NaN;

    DiagnosticsResult r = Diagnostics.compute(p, DATA, SPEC, 0.1, 4, Double.NaN, 1);

    assertNull(r.vanishedNeurons());
    assertNull(r.redundantNeurons());
    assertNull(r.independentNeurons());
    for (double v :
        new double[] {
          r.collapseFraction(), r.stableRank(), r.effectiveRank(), r.topSingularFraction(),
          r.hessianMaxEig(), r.hessianTrace(), r.hessianTraceSe(), r.hessianFrobenius(),
          r.hessianFrobeniusSe(), r.stabilityRatio(), r.frobeniusBoundRatio(), r.olsDistance()
        }) {
      assertTrue(Double.isNaN(v));
    }
    assertEquals(HessianSummary.NONE, r.hessianMethod());
    assertFalse(r.interpolated());
    assertNull(r.layerVanishedNeurons());
    assertNull(r.layerIndependentNeurons());
    assertNull(r.layerCollapseFraction());
    assertNull(r.layerStableRank());
    assertNull(r.layerEffectiveRank());
  }

  @Test
  void aFiniteNetworkWhoseLossOverflowsGetsNaNHessianNumbers() {
    NetworkParameters p = TestNets.random(Activation.RELU, false, 4, 4, 5);
    for (int i = 0; i < p.w().length; i++) {
      p.w()[i] *= 1e200;
    }
    DiagnosticsResult r = Diagnostics.compute(p, DATA, SPEC, 0.1, 4, 1e300, 1);
    assertEquals(HessianSummary.NONE, r.hessianMethod());
    assertTrue(Double.isNaN(r.stabilityRatio()));
    // Counts and ranks are scale-invariant and stay defined: W's rank metrics are those of the
    // unscaled W.
    assertEquals(CollapseCounts.of(p, 0.1, 0.1).independent(), r.independentNeurons());
    RankMetrics unscaled =
        RankMetrics.of(TestNets.random(Activation.RELU, false, 4, 4, 5).w(), 4, 4);
    assertEquals(unscaled.stableRank(), r.stableRank(), 1e-9);
    assertEquals(unscaled.effectiveRank(), r.effectiveRank(), 1e-9);
  }

  @Test
  void resultsAndSpecsSurviveJavaSerialization() throws Exception {
    DiagnosticsResult r =
        Diagnostics.compute(
            TestNets.random(Activation.TANH, false, 3, 4, 1), DATA, SPEC, 0.1, 4, 0.2, 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(r);
      out.writeObject(SPEC);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(r, in.readObject());
      assertEquals(SPEC, in.readObject());
    }
  }

  @Test
  void specRejectsValuesOutOfRangeNamingThem() {
    assertEquals(
        "vanishTolerance must be in [0, 1], got -0.1",
        assertThrows(
                IllegalArgumentException.class, () -> new DiagnosticsSpec(-0.1, 0.1, 1e-3, 8, 10, 0))
            .getMessage());
    assertEquals(
        "redundancyTolerance must be finite and >= 0, got NaN",
        assertThrows(
                IllegalArgumentException.class,
                () -> new DiagnosticsSpec(0.1, Double.NaN, 1e-3, 8, 10, 0))
            .getMessage());
    assertEquals(
        "interpolationTolerance must be finite and >= 0, got Infinity",
        assertThrows(
                IllegalArgumentException.class,
                () -> new DiagnosticsSpec(0.1, 0.1, Double.POSITIVE_INFINITY, 8, 10, 0))
            .getMessage());
    assertEquals(
        "hessianProbes must be >= 2, got 1",
        assertThrows(IllegalArgumentException.class, () -> new DiagnosticsSpec(0.1, 0.1, 0, 1, 10, 0))
            .getMessage());
    assertEquals(
        "exactHessianMaxParams must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> new DiagnosticsSpec(0.1, 0.1, 0, 2, -1, 0))
            .getMessage());
    assertEquals(
        "hessianEvery must be >= 0, got -5",
        assertThrows(IllegalArgumentException.class, () -> new DiagnosticsSpec(0.1, 0.1, 0, 2, 1, -5))
            .getMessage());
  }

  @Test
  void mismatchedDimensionsAreABug() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Diagnostics.compute(
                TestNets.random(Activation.RELU, false, 3, 5, 1), DATA, SPEC, 0.1, 4, 0.1, 1));
    assertEquals("network has input dimension 5, training set 4, test set 4", e.getMessage());
  }
}
