package io.sweep.worker.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainSpecTest {

  private static TrainSpec scheduled() {
    return new TrainSpec(0.1, 8, 0.5, 100, 10, 1e3).withSchedule(Sampling.WITHOUT_REPLACEMENT,
        List.of(new Phase(20, 0.01, null, null, null), new Phase(60, null, 32, 0.0, 0.9)));
  }

  @Test
  void phasesApplyFromTheStepAfterTheirStart() {
    TrainSpec t = scheduled();
    assertEquals(new StepSettings(0.1, 8, 0.5, 0), t.at(1));
    assertEquals(new StepSettings(0.1, 8, 0.5, 0), t.at(20));
    assertEquals(new StepSettings(0.01, 8, 0.5, 0), t.at(21));
    assertEquals(new StepSettings(0.01, 32, 0.0, 0.9), t.at(61));
    assertEquals(3, t.stretches().size());
    assertEquals(32, t.maxBatchSize());
    assertTrue(new TrainSpec(0.1, 8, 0.5, 100, 10, 1e3).plainSgd());
    assertEquals(1, t.withSteps(50, 5).schedule().size());
  }

  @Test
  void badSchedulesAndOptimisersAreRefused() {
    TrainSpec t = new TrainSpec(0.1, 8, 0.5, 100, 10, 1e3);
    assertThrows(IllegalArgumentException.class, () -> t.withOptimiser(1.0, 0));
    assertThrows(IllegalArgumentException.class, () -> t.withOptimiser(0.5, -1));
    assertThrows(IllegalArgumentException.class, () -> t.withSchedule(Sampling.WITH_REPLACEMENT,
        List.of(new Phase(50, 0.1, null, null, null), new Phase(40, 0.2, null, null, null))));
    assertThrows(IllegalArgumentException.class, () -> t.withSchedule(Sampling.WITH_REPLACEMENT,
        List.of(new Phase(100, 0.1, null, null, null))));
    assertThrows(IllegalArgumentException.class, () -> new Phase(10, null, null, null, null));
  }
}
