package io.sweep.worker.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.spec.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationGELU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SpecActivationTest {

  /** z on [−6, 6] as a 3 × 667 float matrix (in C order), as a layer's pre-activations. */
  private static final float[] Z = grid();

  private static float[] grid() {
    float[] z = new float[2001];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) (-6 + 12.0 * i / (z.length - 1));
    }
    return z;
  }

  private static INDArray z() {
    return Nd4j.create(Z, new long[] {3, 667}, DataType.FLOAT);
  }

  private static float[] apply(IActivation a) {
    return a.getActivation(z(), true).dup('c').reshape(-1).toFloatVector();
  }

  /** σ′(z) · ε with ε = 1 + z/10. */
  private static float[] backprop(IActivation a) {
    INDArray eps = z().mul(0.1).add(1);
    return a.backprop(z(), eps).getFirst().dup('c').reshape(-1).toFloatVector();
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"GELU", "CUBIC"})
  void specActivationIsTheSpecFormulaRoundedToFloat(Activation act) {
    SpecActivation a = new SpecActivation(act);
    float[] out = apply(a);
    float[] back = backprop(a);
    for (int i = 0; i < Z.length; i++) {
      assertEquals((float) act.apply(Z[i]), out[i], 0f, "σ at " + Z[i]);
      float eps = (float) (1 + Z[i] * 0.1f);
      float expected = (float) act.derivative(Z[i]) * (float) (Z[i] * (double) 0.1f + 1);
      assertEquals(expected, back[i], Math.ulp(expected) * 2, "σ′ε at " + Z[i] + " ε " + eps);
    }
  }

  /** Why gelu is a SpecActivation: DL4J's GELU is the sigmoid approximation, not the tanh one. */
  @Test
  void dl4jGeluIsTheSigmoidApproximationNotTheSpecs() {
    float[] fast = apply(new ActivationGELU(false));
    float[] precise = apply(new ActivationGELU(true));
    double toSpec = 0;
    double toSigmoid = 0;
    double preciseToSpec = 0;
    for (int i = 0; i < Z.length; i++) {
      double z = Z[i];
      toSpec = Math.max(toSpec, Math.abs(fast[i] - Activation.GELU.apply(z)));
      toSigmoid = Math.max(toSigmoid, Math.abs(fast[i] - z / (1 + Math.exp(-1.702 * z))));
      preciseToSpec = Math.max(preciseToSpec, Math.abs(precise[i] - Activation.GELU.apply(z)));
    }
    assertTrue(toSigmoid < 1e-6, "GELU vs z·s(1.702z): " + toSigmoid);
    assertTrue(toSpec > 1e-2, "GELU vs tanh approximation: " + toSpec);
    assertTrue(preciseToSpec > 1e-2, "PreciseGELU vs tanh approximation: " + preciseToSpec);
  }

  /** softplus is DL4J's own: it is the spec's σ and σ′ to float accuracy. */
  @Test
  void dl4jSoftplusIsTheSpecs() {
    IActivation softplus = NetworkFactory.dl4jActivation(Activation.SOFTPLUS);
    float[] out = apply(softplus);
    float[] back = backprop(softplus);
    double worst = 0;
    double worstBack = 0;
    for (int i = 0; i < Z.length; i++) {
      double z = Z[i];
      worst = Math.max(worst, Math.abs(out[i] - Activation.SOFTPLUS.apply(z)));
      worstBack = Math.max(worstBack,
          Math.abs(back[i] - Activation.SOFTPLUS.derivative(z) * (1 + z * 0.1f)));
    }
    System.out.printf("softplus: |σ − spec| ≤ %.2e, |σ′ε − spec| ≤ %.2e%n", worst, worstBack);
    assertTrue(worst < 1e-6 && worstBack < 1e-6, worst + ", " + worstBack);
  }
}
