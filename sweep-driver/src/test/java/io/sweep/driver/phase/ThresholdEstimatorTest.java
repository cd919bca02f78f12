package io.sweep.driver.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sweep.driver.phase.ThresholdEstimator.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdEstimatorTest {
  @Test
  void crossingIsInterpolatedInLogN() {
    // fractions 1, 0.75, 0.25, 0 at n = 16, 32, 64, 128: ½ is halfway between 32 and 64 in the
    // fraction, so n* = exp(log 32 + ½ log 2) = 32·√2.
    ThresholdEstimator.Estimate e = ThresholdEstimator.estimate(List.of(
        new Point(64, 1, 4, 4), new Point(16, 4, 4, 4), new Point(128, 0, 4, 4), new Point(32, 3, 4, 4)), 0.5);
    assertEquals(Crossing.Status.CROSSED, e.crossing().status());
    assertEquals(32 * Math.sqrt(2), e.crossing().at(), 1e-9);
    assertEquals(32, e.crossing().low());
    assertEquals(64, e.crossing().high());
    assertEquals(0.75, e.fractionLow());
    assertEquals(0.25, e.fractionHigh());
    assertEquals(16, e.runs());
    assertEquals("crossed", e.status());
  }

  @Test
  void aFractionOfExactlyOneHalfIsTheThreshold() {
    ThresholdEstimator.Estimate e = ThresholdEstimator.estimate(List.of(
        new Point(10, 2, 2, 2), new Point(100, 1, 2, 2), new Point(1000, 0, 2, 2)), 0.5);
    assertEquals(100, e.crossing().at(), 1e-9);
  }

  @Test
  void noCrossingReportsWhichSide() {
    ThresholdEstimator.Estimate above = ThresholdEstimator.estimate(
        List.of(new Point(10, 2, 2, 2), new Point(100, 2, 2, 3)), 0.5);
    assertEquals(Crossing.Status.ALWAYS_ABOVE, above.crossing().status());
    assertEquals("interpolates at every n: threshold above 100", above.status());
    ThresholdEstimator.Estimate below = ThresholdEstimator.estimate(
        List.of(new Point(10, 0, 2, 2), new Point(100, 0, 2, 2)), 0.5);
    assertEquals("interpolates at no n: threshold below 10", below.status());
  }

  @Test
  void nonMonotoneFractionsReportTheFirstCrossingAndTheirCount() {
    ThresholdEstimator.Estimate e = ThresholdEstimator.estimate(List.of(
        new Point(10, 2, 2, 2), new Point(20, 0, 2, 2), new Point(40, 2, 2, 2), new Point(80, 0, 2, 2)), 0.5);
    assertEquals(20, e.crossing().high());
    assertEquals(3, e.crossing().crossings());
    assertEquals("crossed 3 times (not monotone; first crossing)", e.status());
  }

  @Test
  void pointsWithoutOkRunsAreSkipped() {
    ThresholdEstimator.Estimate e = ThresholdEstimator.estimate(List.of(
        new Point(10, 2, 2, 2), new Point(20, 0, 0, 2), new Point(40, 0, 2, 2)), 0.5);
    assertEquals(10, e.crossing().low());
    assertEquals(40, e.crossing().high());
  }
}
