package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ETA of the live view: from the replica-steps measured since the first report. */
class ProgressRateTest {
  @Test
  void theEtaIsTheStepsLeftAtTheRateMeasuredSinceTheFirstReport() {
    Progress.Rate rate = new Progress.Rate();
    assertEquals(Optional.empty(), rate.eta(10_000));
    rate.measured(1_000, 5_000_000_000L); // first report after 5 s of start-up: not counted
    assertEquals(Optional.empty(), rate.eta(10_000));
    rate.measured(3_000, 7_000_000_000L); // 2,000 steps in 2 s
    assertEquals(Optional.of(Duration.ofSeconds(7)), rate.eta(10_000));
  }
}
