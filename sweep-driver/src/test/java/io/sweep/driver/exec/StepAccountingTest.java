package io.sweep.driver.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link StepAccounting}, without Spark: finished tasks count exactly, running ones what they
 * reported, per task attempt; the rate estimate only before a first report; never decreasing.
 */
class StepAccountingTest {
  @Test
  void aRunningTaskCountsWhatItLastReportedAndAFinishedOneItsPlannedSteps() {
    StepAccounting a = new StepAccounting();
    a.started(1, 1000, 0);
    assertEquals(0, a.done(5_000)); // nothing measured: no estimate
    a.reported(1, 300, 2_000);
    assertEquals(300, a.done(5_000));
    a.reported(1, 700, 4_000);
    assertEquals(700, a.done(5_000));
    a.ended(1, true, 1000, 6_000);
    assertEquals(1000, a.done(7_000));
  }

  @Test
  void aReportIsCappedAtTheTasksPlannedSteps() {
    StepAccounting a = new StepAccounting();
    a.started(1, 1000, 0);
    a.reported(1, 1600, 2_000); // a pack that fell back to the reference trainer part-way
    assertEquals(1000, a.done(3_000));
  }

  @Test
  void aFailedAttemptsStepsAreDroppedAndItsRetryStartsFromZero() {
    StepAccounting a = new StepAccounting();
    a.started(1, 1000, 0);
    a.reported(1, 600, 2_000);
    assertEquals(600, a.done(2_000));
    a.ended(1, false, 1000, 3_000);
    a.started(2, 1000, 3_000); // the retry: another task id
    a.reported(1, 650, 3_500); // a late heartbeat of the failed attempt: ignored
    a.reported(2, 200, 4_000);
    assertEquals(600, a.done(4_000), "never decreases");
    a.reported(2, 900, 6_000);
    assertEquals(900, a.done(6_000), "the retry's own steps, not 600 + 900");
    a.ended(2, true, 1000, 7_000);
    a.reported(2, 950, 7_500); // after the end
    assertEquals(1000, a.done(8_000));
  }

  @Test
  void beforeItsFirstReportATaskIsEstimatedFromTheMeasuredRate() {
    StepAccounting a = new StepAccounting();
    a.started(1, 1000, 0);
    a.ended(1, true, 1000, 10_000); // 100 steps/s
    a.started(2, 1000, 10_000);
    a.started(3, 1000, 10_000);
    assertEquals(1000 + 2 * 300, a.done(13_000)); // 3 s each at the measured rate
    a.reported(2, 100, 14_000); // task 2 is slower than estimated: its report counts
    // task 3 still estimated, from the rate of finished tasks and reports: 1100 steps / 14 s
    assertEquals(1000 + 2 * 300, a.done(14_000), "never decreases");
    assertEquals(1000 + 100 + (long) (1100.0 / 14_000 * 12_000), a.done(22_000));
    assertEquals(1000 + 100 + 950, a.done(1_000_000), "at most 95% of a task by estimate");
  }

  @Test
  void skippedRunsCountAsDone() {
    StepAccounting a = new StepAccounting();
    a.skipped(500);
    assertEquals(500, a.done(0));
  }
}
