package io.sweep.worker.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StepReporter}: every {@value StepReporter#EVERY} steps × replicas, the rest at the end. */
class StepReporterTest {
  @Test
  void reportsReplicaStepsEverySixtyFourStepsAndTheRestAtTheEnd() {
    List<Long> reports = new ArrayList<>();
    StepReporter reporter = new StepReporter(reports::add, 3);
    for (long step = 1; step <= 150; step++) {
      reporter.at(step);
    }
    assertEquals(List.of(192L, 192L), reports);
    reporter.finish(150);
    assertEquals(List.of(192L, 192L, 66L), reports);
  }

  @Test
  void aRunThatStoppedEarlyStillCountsItsPlannedStepsOnceAtTheEnd() {
    List<Long> reports = new ArrayList<>();
    StepReporter reporter = new StepReporter(reports::add, 2);
    for (long step = 1; step <= 70; step++) { // diverged at step 70 of 1000
      reporter.at(step);
    }
    reporter.finish(1000);
    reporter.finish(1000);
    assertEquals(List.of(128L, 2L * (1000 - 64)), reports);
    assertEquals(2000L, reports.stream().mapToLong(Long::longValue).sum());
  }
}
