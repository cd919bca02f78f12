package io.sweep.driver.phase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AxisScaleTest {
  @Test
  void detectsLogSpacing() {
    assertTrue(AxisScale.isLogSpaced(new double[] {0.01, 0.03, 0.1, 0.3, 1}));
    assertTrue(AxisScale.isLogSpaced(new double[] {16, 32, 64, 128, 32}));
    assertFalse(AxisScale.isLogSpaced(new double[] {0, 0.5, 1}), "zero cannot be on a log axis");
    assertFalse(AxisScale.isLogSpaced(new double[] {1, 2, 3, 4}));
    assertFalse(AxisScale.isLogSpaced(new double[] {8, 32}), "two values less than a factor 5 apart");
    assertTrue(AxisScale.isLogSpaced(new double[] {0.01, 0.5, 0.55, 0.6, 0.65, 1}),
        "a refined grid dense near its boundary but spanning a factor 100");
  }

  @Test
  void edgesAreGeometricMidpointsOnALogAxis() {
    assertArrayEquals(new double[] {1 / Math.sqrt(2), Math.sqrt(2), Math.sqrt(8), 16 / Math.sqrt(8)}, AxisScale.edges(new double[] {1, 2, 4}, true), 1e-12);
    assertArrayEquals(new double[] {-0.5, 0.5, 1.5, 2.5}, AxisScale.edges(new double[] {0, 1, 2}, false), 1e-12);
    assertArrayEquals(new double[] {0.5, 1.5}, AxisScale.edges(new double[] {1}, false), 1e-12);
  }
}
