package io.sweep.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GridRangesTest {

  @Test
  void aLogRangeOfStepSizesHitsThePowersOfTenExactly() {
    assertEquals(
        List.of(0.001, 0.01, 0.1, 1.0),
        GridRanges.expand(Parameter.Type.DOUBLE, 0.001, 1, 4, true));
  }

  @Test
  void aLinearRangeHasNoFloatingPointArtefacts() {
    assertEquals(
        List.of(0.1, 0.2, 0.3), GridRanges.expand(Parameter.Type.DOUBLE, 0.1, 0.3, 3, false));
    assertEquals(
        List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7),
        GridRanges.expand(Parameter.Type.DOUBLE, 0.1, 0.7, 7, false));
  }

  @Test
  void anIntegerLogRangeOfSampleCountsGivesThePowersOfTwo() {
    assertEquals(
        List.of(16, 32, 64, 128, 256, 512, 1024),
        GridRanges.expand(Parameter.Type.INT, 16, 1024, 7, true));
  }

  @Test
  void integerValuesThatRoundToTheSameNumberAppearOnce() {
    // 1, 1.41, 2, 2.83, 4 round to 1, 1, 2, 3, 4.
    assertEquals(List.of(1, 2, 3, 4), GridRanges.expand(Parameter.Type.INT, 1, 4, 5, true));
    // 1, 1.5, 2, 2.5, 3 round (half up) to 1, 2, 2, 3, 3.
    assertEquals(List.of(1, 2, 3), GridRanges.expand(Parameter.Type.INT, 1, 3, 5, false));
  }

  @Test
  void aLongRangeGivesLongs() {
    assertEquals(
        List.of(100L, 1000L, 10000L), GridRanges.expand(Parameter.Type.LONG, 100, 10000, 3, true));
  }

  @Test
  void aRangeOfOneValueIsItsStart() {
    assertEquals(List.of(0.05), GridRanges.expand(Parameter.Type.DOUBLE, 0.05, 1, 1, true));
  }

  @Test
  void aRangeMayDescend() {
    assertEquals(
        List.of(1.0, 0.1, 0.01, 0.001),
        GridRanges.expand(Parameter.Type.DOUBLE, 1, 0.001, 4, true));
  }

  @Test
  void theEndPointsAreExactlyWhatWasWritten() {
    List<Object> values = GridRanges.expand(Parameter.Type.DOUBLE, 0.0123456789012345, 0.987654321, 5, true);

    assertEquals(5, values.size());
    assertEquals(0.0123456789012345, values.get(0));
    assertEquals(0.987654321, values.get(4));
  }
}
