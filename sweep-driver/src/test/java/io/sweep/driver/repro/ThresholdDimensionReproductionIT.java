package io.sweep.driver.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimization threshold itself (SCIENCE.md; docs/reproductions.md §4c), on
 * conf/sweeps/threshold-boursier-d-quick.conf: Boursier &amp; Flammarion's design with z in 5
 * dimensions, n = 32 and 128, small balanced init against large init, 2 seeds, 60,000 full-batch
 * steps. Measured: at n = 32 both inits interpolate (train loss ≤ 2·10⁻⁴); at n = 128 the large
 * init interpolates (≤ 4·10⁻⁵) and the small init does not (0.14 and 0.25): past the threshold the
 * small init stops interpolating while the large one does not.
 */
@EnabledIfSystemProperty(named = "sweep.reproductions", matches = "true",
    disabledReason = "reproductions are skipped (-DskipReproductions)")
class ThresholdDimensionReproductionIT {
  private static final String CELL = "concat(samples, '/', init_scale)";
  @TempDir static Path dir;

  @Test
  void pastTheThresholdOnlyTheSmallInitStopsInterpolating() {
    QuickSweep sweep = QuickSweep.run(dir, "threshold-boursier-d-quick");
    assertEquals(0, sweep.count("status <> 'ok'"), "every run trains");
    Map<String, Double> interpolating = sweep.perCell(CELL, "avg(CAST(interpolated AS DOUBLE))");
    Map<String, Double> loss = sweep.perCell(CELL, "min(train_loss)");
    Map<String, Double> worst = sweep.perCell(CELL, "max(train_loss)");
    String cells = "interpolating fraction by samples/init " + interpolating + ", min train loss "
        + loss + ", max " + worst;
    assertEquals(1.0, interpolating.get("32/1.0E-4"), "below n*, small init interpolates; " + cells);
    assertEquals(1.0, interpolating.get("32/1.0"), cells);
    assertEquals(1.0, interpolating.get("128/1.0"), "large init interpolates past n*; " + cells);
    assertEquals(0.0, interpolating.get("128/1.0E-4"), "small init does not; " + cells);
    assertTrue(loss.get("128/1.0E-4") >= 100 * worst.get("128/1.0"),
        "by a wide margin (not at the tolerance's edge); " + cells);
  }
}
