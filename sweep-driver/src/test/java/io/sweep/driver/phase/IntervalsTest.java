package io.sweep.driver.phase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntervalsTest {
  @Test
  void wilsonMatchesPublishedValues() {
    // Reference values from the closed form (Newcombe 1998, Table I style): 0/10, 5/10, 10/10.
    assertArrayEquals(new double[] {0, 0.27754}, Intervals.wilson(0, 10), 1e-5);
    assertArrayEquals(new double[] {0.23659, 0.76341}, Intervals.wilson(5, 10), 1e-5);
    assertArrayEquals(new double[] {0.72246, 1}, Intervals.wilson(10, 10), 1e-5);
  }

  @Test
  void wilsonOfNothingIsUndefined() {
    assertTrue(Double.isNaN(Intervals.wilson(0, 0)[0]));
  }

  @Test
  void studentTUsesTheTQuantile() {
    // mean 2, s = 1, n = 3: half-width t(0.975, 2) · 1/√3 = 4.302653 · 0.577350 = 2.484138
    assertArrayEquals(new double[] {2 - 2.484138, 2 + 2.484138}, Intervals.studentT(new double[] {1, 2, 3}), 1e-5);
    assertArrayEquals(new double[] {7, 7}, Intervals.studentT(new double[] {7}), 0);
  }

  @Test
  void bootstrapMedianIsDeterministicAndContainsTheMedian() {
    double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 100};
    double[] a = Intervals.bootstrapMedian(v);
    assertArrayEquals(a, Intervals.bootstrapMedian(v.clone()), 0);
    assertTrue(a[0] <= 5 && 5 <= a[1], java.util.Arrays.toString(a));
    assertTrue(a[1] < 100, "the median's interval ignores a single outlier: " + java.util.Arrays.toString(a));
  }

  @Test
  void medianOfEvenCountAveragesTheMiddle() {
    assertEquals(2.5, Intervals.median(new double[] {4, 1, 3, 2}));
  }
}
