package io.sweep.worker.run;

import static io.sweep.worker.run.TestSpecs.DIAGNOSTICS;
import static io.sweep.worker.run.TestSpecs.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.pack.Pack;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.RunStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Runner#run(Pack, io.sweep.worker.diagnose.DiagnosticsSpec, java.util.function.LongConsumer)}
 * reports replica-steps while training, not only at the end, and in all exactly the pack's planned
 * replica-steps, on the pack trainer, on the reference trainer, and for a run that diverged.
 */
class RunnerProgressTest {
  private static RunSpec steps(RunSpec s, long steps) {
    return new RunSpec(s.runId(), s.seed(), s.model(), s.data(), s.train().withSteps(steps, 50));
  }

  private static List<Long> reports(Pack pack) {
    List<Long> reports = new ArrayList<>();
    List<RunResult> results = Runner.run(pack, DIAGNOSTICS, reports::add);
    assertEquals(pack.size(), results.size());
    return reports;
  }

  @Test
  void aPackReportsItsReplicaStepsEverySixtyFourStepsAsItTrains() {
    Pack pack = new Pack(List.of(steps(small("a", 3, 0.0), 200), steps(small("b", 3, 0.5), 200),
        steps(small("c", 3, 1.0), 200)));
    assertEquals(List.of(192L, 192L, 192L, 24L), reports(pack));
  }

  @Test
  void aRunAloneReportsItsStepsOnTheReferenceTrainer() {
    assertEquals(List.of(64L, 64L, 64L, 8L), reports(Pack.of(steps(small("a", 3, 0.0), 200))));
  }

  @Test
  void aDivergedRunCountsItsPlannedStepsInAll() {
    RunSpec s = steps(small("hot", 3, 0.0), 400);
    RunSpec hot = new RunSpec(s.runId(), s.seed(), s.model(), s.data(),
        new io.sweep.worker.spec.TrainSpec(50.0, 8, 0.0, 400, 50, 1000.0));
    List<Long> reports = new ArrayList<>();
    RunResult result = Runner.run(Pack.of(hot), DIAGNOSTICS, reports::add).get(0);
    assertEquals(RunStatus.DIVERGED, result.status());
    assertTrue(result.stepsDone() < 400, "diverged at step " + result.stepsDone());
    assertEquals(400L, reports.stream().mapToLong(Long::longValue).sum());
  }
}
