package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PackTrajectory} (all replicas of a step together) against its slow twin, one {@link
 * TrajectoryRecorder} per run fed the same observations: the same points, test loss and
 * grad_norm to 1e-12 relative, collapse counts exactly, stable rank and the Hessian estimates to
 * 1e-12.
 */
class PackTrajectoryTest {

  private static final long[] STEPS = {0, 10, 20};

  /** The network replica r shows at step index s: a fresh draw per (shape, replica, step). */
  private static NetworkParameters network(Activation a, boolean bias, boolean trainOutput,
      int depth, int k, int r, int s, long seed) {
    return TestNets.deep(a, bias, trainOutput, depth, 6, 4, k, seed + 1000L * r + 100_000L * s);
  }

  /**
   * Feeds {@code replicas} replicas (alternately on two data sets, replica 1 diverged, i.e. NaN
   * parameters, from the last step on) to a pack trajectory and to one recorder each, as the
   * pack trainer does (every replica of a step before any of the next), and compares the points.
   */
  private static void assertSameAsOneByOne(Activation a, boolean bias, boolean trainOutput,
      int depth, int k, DiagnosticsSpec spec, long seed) {
    String where = a + " bias " + bias + " train " + trainOutput + " depth " + depth + " k " + k;
    Samples[] trains = {TestNets.samples(37, 4, k, seed), TestNets.samples(37, 4, k, seed + 1)};
    Samples[] tests = {TestNets.samples(23, 4, k, seed + 2), TestNets.samples(23, 4, k, seed + 3)};
    int replicas = 5;
    PackTrajectory pack = new PackTrajectory(spec);
    List<TrajectoryRecorder> packed = new ArrayList<>();
    List<TrajectoryRecorder> alone = new ArrayList<>();
    for (int r = 0; r < replicas; r++) {
      packed.add(pack.add(trains[r % 2], tests[r % 2], 40 + r));
      alone.add(new TrajectoryRecorder(trains[r % 2], tests[r % 2], spec, 40 + r));
    }
    for (int s = 0; s < STEPS.length; s++) {
      for (int r = 0; r < replicas; r++) {
        NetworkParameters p = network(a, bias, trainOutput, depth, k, r, s, seed);
        if (r == 1 && s == STEPS.length - 1) {
          double[][] w = p.weights().clone();
          w[0] = w[0].clone();
          w[0][3] = Double.NaN;
          p = p.with(w, p.biases(), p.a(), p.outputBias());
        }
        NetworkParameters shown = p;
        double loss = 0.5 + r + s;
        packed.get(r).observe(STEPS[s], loss, () -> shown);
        alone.get(r).observe(STEPS[s], loss, () -> shown);
      }
    }
    for (int r = 0; r < replicas; r++) {
      List<TrajectoryPoint> expected = alone.get(r).points();
      List<TrajectoryPoint> actual = packed.get(r).points();
      assertEquals(expected.size(), actual.size(), where);
      for (int i = 0; i < expected.size(); i++) {
        assertPointClose(expected.get(i), actual.get(i), where + " replica " + r + " point " + i);
      }
      assertEquals(alone.get(r).trainLosses(), packed.get(r).trainLosses(), where);
      assertTrue(packed.get(r).seconds() > 0, where);
    }
    assertNull(packed.get(1).points().get(STEPS.length - 1).independentNeurons(), where);
  }

  static void assertPointClose(TrajectoryPoint expected, TrajectoryPoint actual, String where) {
    assertEquals(expected.step(), actual.step(), where);
    assertEquals(expected.trainLoss(), actual.trainLoss(), where);
    assertEquals(expected.independentNeurons(), actual.independentNeurons(), where);
    assertEquals(expected.collapseFraction(), actual.collapseFraction(), where);
    RecordsClose.assertClose(expected.testLoss(), actual.testLoss(), 1e-12, where + " test loss");
    RecordsClose.assertClose(expected.gradNorm(), actual.gradNorm(), 1e-12, where + " grad norm");
    RecordsClose.assertClose(
        expected.stableRank(), actual.stableRank(), 1e-12, where + " stable rank");
    RecordsClose.assertClose(
        expected.hessianMaxEig(), actual.hessianMaxEig(), 1e-12, where + " lambda max");
    RecordsClose.assertClose(
        expected.hessianTrace(), actual.hessianTrace(), 1e-12, where + " trace");
  }

  @Test
  void everyShapeGetsTheOneByOnePointsWithoutHessian() {
    DiagnosticsSpec spec = new DiagnosticsSpec(0.1, 0.1, 1e-3, 8, 600, 0);
    long seed = 11;
    int shapes = 0;
    for (Activation a : List.of(Activation.RELU, Activation.TANH, Activation.LINEAR,
        Activation.GELU)) {
      for (boolean bias : new boolean[] {false, true}) {
        for (int depth : new int[] {1, 3}) {
          for (int k : new int[] {1, 3}) {
            for (boolean trainOutput : new boolean[] {true, false}) {
              assertSameAsOneByOne(a, bias, trainOutput, depth, k, spec, seed++);
              shapes++;
            }
          }
        }
      }
    }
    assertEquals(64, shapes);
  }

  @Test
  void theHessianEstimatesAtHessianEveryAreEachReplicasOwn() {
    // exact trace for small P (≤ 600), Hutchinson with 8 probes above: both branches
    for (int exact : new int[] {600, 0}) {
      DiagnosticsSpec spec = new DiagnosticsSpec(0.1, 0.1, 1e-3, 8, exact, 10);
      assertSameAsOneByOne(Activation.TANH, true, true, 1, 1, spec, 3);
      assertSameAsOneByOne(Activation.RELU, false, true, 2, 3, spec, 5);
    }
  }

  @Test
  void aStepIsComputedWhenTheNextOneArrivesHoldingOneStepOnly() {
    Samples train = TestNets.samples(30, 4, 1, 1);
    Samples test = TestNets.samples(20, 4, 1, 2);
    PackTrajectory pack = new PackTrajectory(new DiagnosticsSpec(0.1, 0.1, 1e-3, 8, 600, 0));
    TrajectoryRecorder a = pack.add(train, test, 1);
    TrajectoryRecorder b = pack.add(train, test, 2);
    NetworkParameters p = TestNets.deep(Activation.RELU, false, true, 1, 6, 4, 1, 9);
    a.observe(0, 1.0, () -> p);
    b.observe(0, 2.0, () -> p);
    assertEquals(2, pack.held());
    a.observe(10, 0.5, () -> p);
    assertEquals(1, pack.held()); // step 0 computed, only step 10's parameters held
    TrajectoryRecorder alone = new TrajectoryRecorder(train, test, pack.spec(), 1);
    alone.observe(0, 1.0, () -> p);
    alone.observe(10, 0.5, () -> p);
    assertEquals(2, a.points().size());
    assertEquals(0, pack.held());
    for (int i = 0; i < 2; i++) {
      assertPointClose(alone.points().get(i), a.points().get(i), "point " + i);
    }
    assertEquals(1, b.points().size());
  }

  @Test
  void aReplicaWhoseSumsOverflowGetsTheSlowPathsNumbers() {
    // x₀ = 2, x₁ = −2 in every sample and w₀ = w₁ = 1e308 in every neuron: x·w overflows (∞, or
    // ∞ − ∞ = NaN, to which Activation's relu gives 0 and ActivationLoops NaN, as BLAS sums).
    Samples train = opposite(TestNets.samples(30, 4, 1, 1));
    Samples test = opposite(TestNets.samples(20, 4, 1, 2));
    DiagnosticsSpec spec = new DiagnosticsSpec(0.1, 0.1, 1e-3, 8, 600, 0);
    NetworkParameters calm = TestNets.deep(Activation.RELU, false, true, 1, 6, 4, 1, 9);
    double[] w = calm.w().clone();
    for (int j = 0; j < 6; j++) {
      w[j * 4] = 1e308;
      w[j * 4 + 1] = 1e308;
    }
    NetworkParameters huge =
        calm.with(new double[][] {w}, calm.biases(), calm.a(), calm.outputBias());
    PackTrajectory pack = new PackTrajectory(spec);
    TrajectoryRecorder packed = pack.add(train, test, 1);
    TrajectoryRecorder mate = pack.add(train, test, 2);
    TrajectoryRecorder alone = new TrajectoryRecorder(train, test, spec, 1);
    packed.observe(0, 1.0, () -> huge);
    mate.observe(0, 1.0, () -> calm);
    alone.observe(0, 1.0, () -> huge);
    TrajectoryPoint expected = alone.points().get(0);
    assertPointClose(expected, packed.points().get(0), "overflowing replica");
  }

  /** The samples with x₀ = 2 and x₁ = −2 in every row (d = 4). */
  private static Samples opposite(Samples s) {
    double[] x = s.x().clone();
    for (int i = 0; i < s.n(); i++) {
      x[i * 4] = 2;
      x[i * 4 + 1] = -2;
    }
    return new Samples(s.n(), 4, s.k(), x, s.y());
  }

  @Test
  void chunksOfTheSamplesBudgetGiveTheSameNumbersAsOneChunk() {
    Samples train = TestNets.samples(31, 4, 2, 7);
    Samples test = TestNets.samples(17, 4, 2, 8);
    List<NetworkParameters> networks = new ArrayList<>();
    for (int r = 0; r < 7; r++) {
      networks.add(TestNets.deep(Activation.TANH, true, true, 2, 6, 4, 2, 20 + r));
    }
    double[] testLoss = new double[7];
    double[] gradNorm = new double[7];
    // 31 samples × width 6 × (2 · depth + 1) buffers = 930 doubles a network: a budget of 2.5
    // networks gives chunks of 2 (the last chunk of one)
    try (PackedEvaluation e = new PackedEvaluation(train, test, networks.get(0), 7,
        31 * 6 * 5 * 5 / 2)) {
      assertEquals(2, e.capacity());
      e.evaluate(networks, testLoss, gradNorm);
    }
    for (int r = 0; r < 7; r++) {
      NetworkParameters p = networks.get(r);
      RecordsClose.assertClose(Evaluation.meanSquaredError(p, test), testLoss[r], 1e-12, "" + r);
      RecordsClose.assertClose(TheoryMetrics.norm(Evaluation.lossGradient(p, train)),
          gradNorm[r], 1e-12, "" + r);
    }
  }
}
