package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.Samples;
import io.sweep.worker.data.TeacherStudent;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.Sampling;
import io.sweep.worker.spec.Teacher;
import io.sweep.worker.spec.TrainSpec;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

/** Every {@link TheoryMetrics} column against an exact computation (docs/metrics.md). */
class TheoryMetricsTest {
  private static final DiagnosticsSpec SPEC = new DiagnosticsSpec(0.1, 0.1, 1e-3, 8, 600, 0);

  /** Z = diag(3, 4) (X = I, W = diag(3, 4), no bias): every number by hand. */
  @Test
  void featureRankAndSpreadOfADiagonalFeatureMatrixByHand() {
    NetworkParameters p = new NetworkParameters(2, 2, Activation.LINEAR, false,
        new double[] {3, 0, 0, 4}, new double[2], new double[] {1, 1}, 0);
    Samples x = new Samples(2, 2, new double[] {1, 0, 0, 1}, new double[] {0, 0});
    TheoryMetrics t = TheoryMetrics.of(p, x, x, null);
    assertEquals(25.0 / 16, t.featureStableRank(), 1e-12);
    assertEquals(16.0 / 25, t.featureTopSingularFraction(), 1e-12);
    double p3 = 3.0 / 7;
    double p4 = 4.0 / 7;
    assertEquals(Math.exp(-(p3 * Math.log(p3) + p4 * Math.log(p4))), t.featureEffectiveRank(), 1e-12);
    // linear activation: φ(Z) = Z
    assertEquals(t.featureStableRank(), t.activationStableRank(), 1e-12);
    // z̄ = (1.5, 2); ‖Z − 1z̄ᵀ‖F² = 12.5, ‖Z‖F² = 25
    assertEquals(Math.sqrt(0.5), t.neuronSpread(), 1e-12);
    assertTrue(Double.isNaN(t.excessRisk()), "no teacher, no excess risk");
    assertNull(t.converged());
  }

  /** A random tanh network with biases: the metrics of Z and φ(Z) equal an SVD of them built here. */
  @Test
  void featureRankMatchesTheSvdOfTheFeatureMatrixAndItsActivation() {
    NetworkParameters p = TestNets.random(Activation.TANH, true, 7, 4, 11);
    Samples train = TestNets.samples(12, 4, 12);
    int m = 7;
    int n = 12;
    double[][] z = new double[m][n];
    double[][] phi = new double[m][n];
    for (int j = 0; j < m; j++) {
      for (int i = 0; i < n; i++) {
        double v = p.b()[j];
        for (int k = 0; k < 4; k++) {
          v += p.w()[j * 4 + k] * train.x()[i * 4 + k];
        }
        z[j][i] = v;
        phi[j][i] = Math.tanh(v);
      }
    }
    RankMetrics rz = RankMetrics.ofSingularValues(
        new SingularValueDecomposition(new Array2DRowRealMatrix(z)).getSingularValues());
    RankMetrics rphi = RankMetrics.ofSingularValues(
        new SingularValueDecomposition(new Array2DRowRealMatrix(phi)).getSingularValues());
    TheoryMetrics t = TheoryMetrics.of(p, train, train, null);
    assertEquals(rz.stableRank(), t.featureStableRank(), 1e-10);
    assertEquals(rz.effectiveRank(), t.featureEffectiveRank(), 1e-10);
    assertEquals(rz.topSingularFraction(), t.featureTopSingularFraction(), 1e-10);
    assertEquals(rphi.stableRank(), t.activationStableRank(), 1e-10);
    assertEquals(rphi.effectiveRank(), t.activationEffectiveRank(), 1e-10);
    assertEquals(rphi.topSingularFraction(), t.activationTopSingularFraction(), 1e-10);
  }

  /** Neurons with the same (w, b): Z has identical rows, rank one, spread 0 — whatever W's rank is not. */
  @Test
  void replicatedNeuronsHaveRankOneFeaturesAndZeroSpread() {
    double[] w = {0.5, -1, 2, 0.5, -1, 2, 0.5, -1, 2};
    NetworkParameters p = new NetworkParameters(3, 3, Activation.RELU, true, w,
        new double[] {0.25, 0.25, 0.25}, new double[] {1, -1, 0.5}, 0);
    TheoryMetrics t = TheoryMetrics.of(p, TestNets.samples(5, 3, 4), TestNets.samples(5, 3, 5), null);
    assertEquals(1, t.featureStableRank(), 1e-12);
    assertEquals(1, t.featureTopSingularFraction(), 1e-12);
    assertEquals(0, t.neuronSpread(), 1e-12);
  }

  /** f(x) = a·w·x (one linear neuron): ∇L = (2/n) Σ (awx − y)(a x, w x), by hand. */
  @Test
  void gradNormIsTheNormOfTheExactGradient() {
    double w = 0.75;
    double a = -1.5;
    NetworkParameters p = new NetworkParameters(1, 1, Activation.LINEAR, false,
        new double[] {w}, new double[1], new double[] {a}, 0);
    double[] x = {1, -2, 0.5};
    double[] y = {0.3, 1, -2};
    double gw = 0;
    double ga = 0;
    for (int i = 0; i < 3; i++) {
      double e = a * w * x[i] - y[i];
      gw += 2.0 / 3 * e * a * x[i];
      ga += 2.0 / 3 * e * w * x[i];
    }
    TheoryMetrics t = TheoryMetrics.of(p, new Samples(3, 1, x, y), new Samples(3, 1, x, y), null);
    assertEquals(Math.hypot(gw, ga), t.gradNorm(), 1e-12);
    assertEquals(Math.hypot(w, a), t.weightNorm(), 1e-12);
  }

  /** |δⱼ| = |‖wⱼ‖² − aⱼ²| = 0 and 3, ‖θⱼ‖² = 2 and 5: mean 1.5/3.5, max 3/3.5. */
  @Test
  void balancednessAndWeightNormByHand() {
    NetworkParameters p = new NetworkParameters(2, 2, Activation.RELU, false,
        new double[] {1, 0, 2, 0}, new double[2], new double[] {1, 1}, 0);
    Samples s = TestNets.samples(3, 2, 1);
    TheoryMetrics t = TheoryMetrics.of(p, s, s, null);
    assertEquals(1.5 / 3.5, t.balancednessMeanAbs(), 1e-12);
    assertEquals(3 / 3.5, t.balancednessMaxAbs(), 1e-12);
    assertEquals(Math.sqrt(7), t.weightNorm(), 1e-12);
    // with bias, bⱼ² joins the incoming side and every b and c joins ‖θ‖
    NetworkParameters biased = new NetworkParameters(2, 2, Activation.RELU, true,
        new double[] {1, 0, 2, 0}, new double[] {1, 0}, new double[] {1, 1}, 2);
    TheoryMetrics u = TheoryMetrics.of(biased, s, s, null);
    // |δ| = 1, 3; ‖θⱼ‖² = 3, 5 → mean 4
    assertEquals(2.0 / 4, u.balancednessMeanAbs(), 1e-12);
    assertEquals(3.0 / 4, u.balancednessMaxAbs(), 1e-12);
    assertEquals(Math.sqrt(7 + 1 + 4), u.weightNorm(), 1e-12);
  }

  /** The teacher itself has excess risk 0; the zero network has E f*(x)² over the test inputs. */
  @Test
  void excessRiskAgainstTheNoiselessTeacher() {
    TeacherStudent data = TeacherStudent.generate(new DataSpec(3, Teacher.LINEAR, 0.5, 16, 40, 1), 7);
    double[] beta = data.beta();
    NetworkParameters copy = new NetworkParameters(1, 3, Activation.LINEAR, false, beta.clone(),
        new double[1], new double[] {1}, 0);
    assertEquals(0, TheoryMetrics.of(copy, data.train(), data.test(), data).excessRisk(), 1e-24);
    NetworkParameters zero = new NetworkParameters(1, 3, Activation.LINEAR, false,
        new double[3], new double[1], new double[1], 0);
    double expected = 0;
    Samples test = data.test();
    for (int i = 0; i < test.n(); i++) {
      double f = 0;
      for (int k = 0; k < 3; k++) {
        f += beta[k] * test.x()[i * 3 + k];
      }
      expected += f * f / test.n();
    }
    assertEquals(expected, TheoryMetrics.of(zero, data.train(), data.test(), data).excessRisk(),
        1e-12);
    // test_loss includes the noise floor, excess risk does not
    assertTrue(Diagnostics.meanSquaredError(copy, test) > 0.05);
  }

  /**
   * The noiseless label includes the label scale c and the teacher offset b (labels c·(f* + b) +
   * ε): the network computing c·(β*·x + b) has excess risk 0, the bare teacher f* has (c − 1)²·E
   * f*² + … > 0; with uniform labels there is no teacher, so no excess risk.
   */
  @Test
  void excessRiskCountsTheLabelScaleAndTheTeacherOffset() {
    io.sweep.worker.spec.DataLaws laws = new io.sweep.worker.spec.DataLaws(
        io.sweep.worker.spec.InputLaw.UNIFORM_PM1, 0, true, 0, Activation.RELU, 1.0,
        io.sweep.worker.spec.LabelLaw.TEACHER, 2.0);
    TeacherStudent data = TeacherStudent.generate(
        new DataSpec(3, Teacher.LINEAR, 0.5, 16, 40, 1).withLaws(laws), 7);
    double[] beta = data.beta();
    double[] w = new double[3];
    for (int j = 0; j < 3; j++) {
      w[j] = 2.0 * beta[j];
    }
    w[2] += 2.0 * 1.0; // the offset through the constant last coordinate: c·b·1
    NetworkParameters labels = new NetworkParameters(1, 3, Activation.LINEAR, false, w,
        new double[1], new double[] {1}, 0);
    assertEquals(0, TheoryMetrics.of(labels, data.train(), data.test(), data).excessRisk(), 1e-24);
    NetworkParameters bare = new NetworkParameters(1, 3, Activation.LINEAR, false, beta.clone(),
        new double[1], new double[] {1}, 0);
    assertTrue(TheoryMetrics.of(bare, data.train(), data.test(), data).excessRisk() > 1.0,
        "f* without scale and offset is far from the noiseless labels");
    TeacherStudent uniform = TeacherStudent.generate(new DataSpec(3, Teacher.LINEAR, 0.5, 16, 40, 1)
        .withLaws(new io.sweep.worker.spec.DataLaws(io.sweep.worker.spec.InputLaw.UNIFORM01, 0,
            false, 0, Activation.RELU, 0, io.sweep.worker.spec.LabelLaw.UNIFORM, 5)), 7);
    assertTrue(Double.isNaN(
        TheoryMetrics.of(bare, uniform.train(), uniform.test(), uniform).excessRisk()));
  }

  @Test
  void convergedNeedsASmallGradientAndFlatLastLosses() {
    List<Double> flat = List.of(1.0, 0.1, 0.01, 0.0100001, 0.01, 0.01, 0.01);
    assertTrue(TheoryMetrics.converged(1e-4, flat, SPEC));
    assertFalse(TheoryMetrics.converged(1e-2, flat, SPEC), "gradient above τ_g");
    // a period-2 orbit at η·λmax > 2: the loss neither diverges nor settles
    List<Double> orbit = List.of(1.0, 0.5, 2.0, 0.5, 2.0, 0.5, 2.0);
    assertFalse(TheoryMetrics.converged(0.0, orbit, SPEC));
    assertEquals(2.0, TheoryMetrics.maxLossRatio(orbit), 0);
    assertEquals(1.0, TheoryMetrics.maxLossRatio(flat), 0);
    assertNull(TheoryMetrics.converged(0.0, List.of(1.0), SPEC));
    // only the window counts: an early spike is forgotten
    assertTrue(TheoryMetrics.converged(0.0, List.of(1.0, 9.0, 0.5, 0.5, 0.5, 0.5, 0.5), SPEC));
    assertEquals(9.0, TheoryMetrics.maxLossRatio(List.of(1.0, 9.0, 0.5, 0.5, 0.5, 0.5, 0.5)), 0);
  }

  @Test
  void lossesAtTheFloatFloorCountAsUnchanged() {
    // float32 full-batch GD at a global minimum: the logged losses jitter on the 1e-14 … 1e-10 lattice
    List<Double> floor = List.of(0.8, 1e-3, 3e-11, 8e-12, 2e-11, 1.1e-11, 9e-12);
    assertTrue(TheoryMetrics.converged(2.5e-6, floor, SPEC), "all last losses ≤ 1e-8 · L₀");
    assertFalse(TheoryMetrics.converged(2e-3, floor, SPEC), "the gradient test still applies");
    // the same relative jitter well above the floor is motion
    List<Double> moving = List.of(0.8, 1e-3, 3e-5, 8e-6, 2e-5, 1.1e-5, 9e-6);
    assertFalse(TheoryMetrics.converged(2.5e-6, moving, SPEC));
    // the floor is relative to the step-0 loss: labels 1e-6 as large give losses 1e-12 as large
    List<Double> scaled = floor.stream().map(v -> v * 1e-12).toList();
    assertTrue(TheoryMetrics.converged(2.5e-12, scaled, SPEC));
    List<Double> scaledMoving = moving.stream().map(v -> v * 1e-12).toList();
    assertFalse(TheoryMetrics.converged(2.5e-12, scaledMoving, SPEC));
    DiagnosticsSpec noFloor = new DiagnosticsSpec(0.1, 0.1, 1e-3, 8, 600, 0, 1e-3, 1e-3, 5, 64, 0);
    assertFalse(TheoryMetrics.converged(2.5e-6, floor, noFloor), "τ_a = 0: the old rule");
    assertThrows(IllegalArgumentException.class,
        () -> new DiagnosticsSpec(0.1, 0.1, 1e-3, 8, 600, 0, 1e-3, 1e-3, 5, 64, -1));
  }

  @Test
  void effectiveBatchOfEachSamplingRule() {
    assertEquals(4, TheoryMetrics.effectiveBatch(4, 20, Sampling.WITH_REPLACEMENT), 0);
    assertEquals(4.0 * 19 / 16, TheoryMetrics.effectiveBatch(4, 20, Sampling.WITHOUT_REPLACEMENT), 1e-15);
    assertEquals(1, TheoryMetrics.effectiveBatch(1, 20, Sampling.WITHOUT_REPLACEMENT), 0);
    assertTrue(Double.isNaN(TheoryMetrics.frobeniusBoundRatioEff(0.1, 5, 20, 20,
        Sampling.WITHOUT_REPLACEMENT)), "full batch without replacement: no batch noise");
    assertEquals(0.1 * 5 / Math.sqrt(4.0 * 19 / 16),
        TheoryMetrics.frobeniusBoundRatioEff(0.1, 5, 4, 20, Sampling.WITHOUT_REPLACEMENT), 1e-15);
    assertEquals(0.1 * 5 / 2,
        TheoryMetrics.frobeniusBoundRatioEff(0.1, 5, 4, 20, Sampling.WITH_REPLACEMENT), 1e-15);
  }

  /** The run-level overload fills every column; a non-finite network fills none. */
  @Test
  void computeWithTheRunFillsEveryColumn() {
    TeacherStudent data = TeacherStudent.generate(new DataSpec(3, Teacher.LINEAR, 0.1, 16, 20, 1), 2);
    NetworkParameters p = TestNets.random(Activation.TANH, true, 4, 3, 9);
    TrainSpec train = new TrainSpec(0.05, 4, 0, 100, 10, 1e6, 0, 0, Sampling.WITHOUT_REPLACEMENT,
        List.of());
    DiagnosticsResult d = Diagnostics.compute(p, data, SPEC, train,
        Diagnostics.meanSquaredError(p, data.train()), 1, List.of(2.0, 1.0, 1.0));
    TheoryMetrics t = d.theory();
    assertEquals(TheoryMetrics.norm(Diagnostics.loss(p, data.train()).gradient()), t.gradNorm(), 0);
    assertEquals(0.05 * d.hessianFrobenius() / Math.sqrt(4.0 * 15 / 12), t.frobeniusBoundRatioEff(),
        1e-12);
    assertEquals(1.0, t.maxLossRatio(), 0);
    assertFalse(t.converged(), "a random network is not a minimum");
    assertTrue(t.excessRisk() > 0);
    p.w()[0] = Double.NaN;
    assertSame(TheoryMetrics.UNDEFINED, Diagnostics.compute(p, data, SPEC, train, Double.NaN, 1,
        List.of(2.0, Double.NaN)).theory());
  }

  /** The trajectory's trace: exact equals the dense Hessian's; Hutchinson is close with many probes. */
  @Test
  void traceExactAndHutchinson() {
    NetworkParameters p = TestNets.random(Activation.TANH, true, 3, 2, 5);
    TwiceDifferentiable loss = Diagnostics.loss(p, TestNets.samples(10, 2, 6));
    double[][] h = HessianEstimates.dense(loss);
    double exact = 0;
    for (int i = 0; i < h.length; i++) {
      exact += h[i][i];
    }
    assertEquals(exact, HessianEstimates.trace(loss, 1000, 2, 1), 1e-10 * Math.abs(exact));
    assertEquals(exact, HessianEstimates.trace(loss, 0, 4000, 1), 0.1 * Math.abs(exact));
  }
}
