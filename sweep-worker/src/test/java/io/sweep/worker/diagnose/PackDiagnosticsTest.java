package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pack's diagnostics: one Jacobian array lent to its runs in turn, the numbers unchanged. */
class PackDiagnosticsTest {

  /** {@code p} with the first {@code dead} neurons' input weights and biases pushed far below 0. */
  private static NetworkParameters withDeadNeurons(NetworkParameters p, int dead) {
    double[] w = p.w().clone();
    double[] b = p.b().clone();
    for (int j = 0; j < dead; j++) {
      java.util.Arrays.fill(w, j * p.inputDim(), (j + 1) * p.inputDim(), 0.0);
      b[j] = -100; // relu: σ′ = 0 on every sample, the neuron's Jacobian entries are zero
    }
    return new NetworkParameters(p.width(), p.inputDim(), p.activation(), p.bias(), w, b, p.a(),
        p.c());
  }

  @Test
  void theLentJacobianGivesEachRunTheNumbersOfAFreshOne() {
    Samples train = TestNets.samples(40, 6, 11);
    NetworkParameters live = TestNets.random(Activation.RELU, true, 12, 6, 1);
    NetworkParameters dead = withDeadNeurons(TestNets.random(Activation.RELU, true, 12, 6, 2), 5);
    PackDiagnostics pack = new PackDiagnostics();
    // exact-hessian-max-params 0: the estimators, 32 probes through the Jacobian
    for (NetworkParameters p : List.of(live, dead, live)) {
      HessianSummary lent = pack.hessian(pack.loss(p, train), 0, 32, 7);
      HessianSummary fresh = pack.hessian(Diagnostics.loss(p, train), 0, 32, 7);
      assertEquals(fresh, lent);
      assertTrue(lent.trace() > 0);
    }
  }
}
