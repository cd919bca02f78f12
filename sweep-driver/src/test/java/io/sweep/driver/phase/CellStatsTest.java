package io.sweep.driver.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellStatsTest {
  @Test
  void fractionCountsTrueValuesWithAWilsonInterval() {
    CellStats s = CellStats.of(Aggregation.FRACTION, List.of(1.0, 0.0, 1.0, 1.0), 5, 1, 0);
    assertEquals(0.75, s.value());
    assertEquals(Intervals.wilson(3, 4)[0], s.low());
    assertEquals(4, s.seeds());
    assertEquals(5, s.runs());
    assertTrue(s.incomplete(), "one run diverged");
    assertTrue(s.straddles(0.5));
    assertFalse(s.straddles(0.1));
  }

  @Test
  void meanAndMedian() {
    assertEquals(2.0, CellStats.of(Aggregation.MEAN, List.of(1.0, 2.0, 3.0), 3, 0, 0).value());
    assertEquals(2.0, CellStats.of(Aggregation.MEDIAN, List.of(1.0, 2.0, 30.0), 3, 0, 0).value());
  }

  @Test
  void aCellWithoutValuesIsEmptyAndUndecided() {
    CellStats s = CellStats.of(Aggregation.MEAN, List.of(), 2, 2, 0);
    assertTrue(s.empty());
    assertTrue(Double.isNaN(s.value()));
    assertTrue(s.straddles(0.5));
  }
}
