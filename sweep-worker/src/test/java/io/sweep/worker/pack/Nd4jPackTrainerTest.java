package io.sweep.worker.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.run.TestSpecs;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.TrainSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link PackTrainerTest} (reference and double-oracle equivalence for every
 * activation, depth, k outputs, frozen output, momentum, decay, schedules, samplings, label noise,
 * bias, divergence and observers) on the backend-neutral ND4J path, forced on the CPU backend
 * ({@code engine.pack-backend = nd4j}); plus the two paths against each other.
 */
class Nd4jPackTrainerTest extends PackTrainerTest {

  @Override
  PackBackend backend() {
    return PackBackend.ND4J;
  }

  @Test
  void theNeutralPathMatchesTheNativePathOnAMixedPack() {
    ModelSpec m = new ModelSpec(9, Activation.TANH, 1.0, true).withDepth(2);
    TrainSpec t = new TrainSpec(0.03, 8, 0.4, 150, 50, 1000.0);
    List<RunSpec> runs = List.of(
        new RunSpec("a", 3, m, TestSpecs.data(5, 64, 40), t.withOptimiser(0.9, 1e-3)),
        new RunSpec("b", 4, m, TestSpecs.data(5, 64, 40), t),
        new RunSpec("c", 3, m, TestSpecs.data(5, 64, 40), t.withOptimiser(0.5, 0)));
    Pack pack = new Pack(runs);
    List<ReplicaOutcome> neutral = new PackTrainer(PackBackend.ND4J).train(pack);
    List<ReplicaOutcome> nativeCpu = new PackTrainer(PackBackend.NATIVE_CPU).train(pack);
    for (int r = 0; r < runs.size(); r++) {
      assertEquals(nativeCpu.get(r).status(), neutral.get(r).status());
      double diff = largestDifference(nativeCpu.get(r).parameters(), neutral.get(r).parameters());
      assertTrue(diff <= PARAMETER_TOLERANCE, runs.get(r).runId() + ": paths differ by " + diff);
    }
  }

  @Test
  void autoTakesTheNativePathOnTheCpuBackendAndNamesTheTrainerColumn() {
    assertEquals(PackBackend.NATIVE_CPU, PackBackend.AUTO.resolve());
    assertEquals("pack", PackBackend.AUTO.trainer());
    assertEquals("pack", PackBackend.NATIVE_CPU.trainer());
    assertEquals("pack:nd4j", PackBackend.ND4J.trainer());
    assertEquals(PackBackend.ND4J, PackBackend.of(" ND4J "));
    assertEquals(PackBackend.NATIVE_CPU, PackBackend.of("native-cpu"));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> PackBackend.of("cuda"));
    assertTrue(e.getMessage().contains("auto, native-cpu or nd4j"), e.getMessage());
  }
}
