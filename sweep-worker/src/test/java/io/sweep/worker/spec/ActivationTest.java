package io.sweep.worker.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationTest {

  private static final double[] POINTS = {-3.1, -1.2, -0.4, -1e-3, 0.25, 0.9, 2.2, 4.5};

  @ParameterizedTest
  @EnumSource(Activation.class)
  void derivativesMatchCentralDifferences(Activation a) {
    double h = 1e-5;
    for (double z : POINTS) {
      double d1 = (a.apply(z + h) - a.apply(z - h)) / (2 * h);
      double d2 = (a.derivative(z + h) - a.derivative(z - h)) / (2 * h);
      assertEquals(d1, a.derivative(z), 1e-8 * Math.max(1, Math.abs(d1)), a + " σ' at " + z);
      assertEquals(d2, a.secondDerivative(z), 1e-6 * Math.max(1, Math.abs(d2)), a + " σ'' at " + z);
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void oddActivationsAreOdd(Activation a) {
    boolean odd = true;
    for (double z : POINTS) {
      odd &= Math.abs(a.apply(-z) + a.apply(z)) < 1e-12;
    }
    assertEquals(a.odd(), odd, a.label());
  }

  @Test
  void knownValues() {
    assertEquals(1 + 1.0 / 3, Activation.CUBIC.apply(1), 1e-15);
    assertEquals(Math.log(2), Activation.SOFTPLUS.apply(0), 1e-15);
    assertEquals(100, Activation.SOFTPLUS.apply(100), 1e-12); // no overflow of e^z
    // gelu's tanh approximation at 1: ½(1 + tanh(√(2/π)·1.044715)) = 0.8411919906
    assertEquals(0.8411919906, Activation.GELU.apply(1), 1e-9);
    assertEquals(Activation.GELU, Activation.parse(" GeLU "));
    assertThrows(IllegalArgumentException.class, () -> Activation.parse("swish"));
  }
}
