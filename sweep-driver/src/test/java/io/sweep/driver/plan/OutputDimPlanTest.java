package io.sweep.driver.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sweep.driver.TestSweeps;
import io.sweep.driver.config.Parameter;
import io.sweep.worker.spec.DataSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code model.output-dim}: an axis that sets the model's outputs and the data's label width. */
class OutputDimPlanTest {

  private static List<PlannedRun> runs(String model, String grid) {
    return GridExpander.expand(TestSweeps.settings("""
        sweep {
          name = k
          grid { seed = [0, 1] %s }
          model { width = 4 %s }
          train { steps = 10, log-every = 5, batch-size = 4 }
          data { samples = 8 }
        }
        """.formatted(grid, model))).runs();
  }

  @Test
  void anOutputDimAxisSetsTheModelAndTheDataAndOneIsNeutral() {
    List<PlannedRun> runs = runs("", ", output-dim = [1, 3]");
    assertEquals(4, runs.size());
    for (PlannedRun r : runs) {
      int k = (Integer) r.values().get(Parameter.OUTPUT_DIM);
      assertEquals(k, r.spec().model().outputDim());
      assertEquals(k, r.spec().data().outputs());
      assertEquals(DataSource.TEACHER_STUDENT, r.spec().data().source());
      assertEquals("", r.values().get(Parameter.DATA_PATH));
    }
    List<PlannedRun> plain = runs("", "");
    List<PlannedRun> one = runs(", output-dim = 1", "");
    assertEquals(plain.get(0).runId(), one.get(0).runId(), "output-dim = 1 keeps run ids");
    assertEquals(plain.get(0).runId(), runs.get(0).runId());
    assertEquals(3, runs(", output-dim = 3", "").get(0).spec().model().outputDim());
  }
}
