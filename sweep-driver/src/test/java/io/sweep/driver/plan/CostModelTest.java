package io.sweep.driver.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sweep.driver.config.SweepFiles;
import io.sweep.worker.spec.RunSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostModelTest {
  /** Two batch sizes × two budgets of a d = 4, m = 16 network: four runs. */
  private static final String SWEEP =
      """
      sweep {
        name = cost
        grid {
          batch-size = [4, 8]
          steps = [10, 100]
        }
        model { width = 16 }
        data { input-dim = 4, samples = 16 }
      }
      """;

  @TempDir Path dir;

  private SweepPlan plan() {
    return GridExpander.expand(SweepFiles.parseText(dir, SWEEP));
  }

  @Test
  void flopsPerStepAreSixTimesBatchTimesTheWeightsOfTheHiddenLayerAndTheOutput() {
    List<RunSpec> specs = plan().runs().stream().map(PlannedRun::spec).toList();

    // 6 · B · (d·m + m) with d = 4, m = 16: 6 · B · 80.
    assertEquals(1920.0, CostModel.flopsPerStep(specs.get(0)));
    assertEquals(4, specs.get(0).train().batchSize());
    assertEquals(3840.0, CostModel.flopsPerStep(specs.get(2)));
    assertEquals(8, specs.get(2).train().batchSize());
  }

  @Test
  void coreSecondsAreStepsTimesOverheadPlusArithmeticPlusDiagnostics() {
    RunSpec spec = plan().runs().get(1).spec(); // B = 4, 100 steps

    assertEquals(100L, spec.train().steps());
    assertEquals(100 * (2.0e-6 + 1920.0 / 90e9) + 0.15, CostModel.coreSeconds(spec), 1e-15);
  }

  @Test
  void theEstimateOfAPlanSumsItsRuns() {
    CostModel.Estimate e = CostModel.estimate(plan());

    assertEquals(4, e.runs());
    assertEquals(10 + 100 + 10 + 100, e.steps());
    assertEquals(1920.0 * 110 + 3840.0 * 110, e.flops());
    assertEquals(220 * 2.0e-6 + 633600 / 90e9 + 4 * 0.15, e.coreSeconds(), 1e-12);
    assertEquals(e.coreSeconds() / 4, e.wallSeconds(4), 1e-15);
    assertEquals(e.coreSeconds(), e.wallSeconds(0));
    assertEquals(e.coreSeconds() / 2, e.wallSeconds(16, 2), 1e-15, "two packs: two cores work");
    assertEquals(e.coreSeconds() / 4, e.wallSeconds(4, 40), 1e-15);
    assertEquals(e.coreSeconds(), e.wallSeconds(4, 0), 1e-15);
  }
}
