package io.sweep.driver.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimization threshold in Boursier & Flammarion's regime (SCIENCE.md; docs/reproductions.md
 * §4b), on conf/sweeps/threshold-boursier-quick.conf: m = 200 ReLU neurons, x = (z, 1), noisy
 * linear labels, full-batch GD, small balanced init against large init, n = 16 and 128, 2 seeds.
 * Measured: at n = 128 small init sits at the least-squares fit (mean ols_distance 0.004, one seed
 * 0 to 12 digits and converged) while large init stays 25× farther (0.092); at n = 16 small init is
 * not at it (0.45): the approach to least squares sets in with n. Neither init interpolates within
 * 100,000 steps, so the interpolation threshold itself is not asserted (docs say so).
 */
@EnabledIfSystemProperty(named = "sweep.reproductions", matches = "true",
    disabledReason = "reproductions are skipped (-DskipReproductions)")
class ThresholdBoursierReproductionIT {
  private static final String CELL = "concat(samples, '/', init_scale)";
  @TempDir static Path dir;

  @Test
  void pastTheThresholdSmallInitStaysAtTheLeastSquaresFitAndLargeInitDoesNot() {
    QuickSweep sweep = QuickSweep.run(dir, "threshold-boursier-quick");
    assertEquals(0, sweep.count("status <> 'ok'"), "every run trains");
    Map<String, Double> ols = sweep.perCell(CELL, "avg(ols_distance)");
    Map<String, Double> excess = sweep.perCell(CELL, "avg(excess_risk)");
    String cells = "mean ols_distance by samples/init " + ols + ", excess risk " + excess;
    assertTrue(ols.get("128/1.0E-4") <= 0.25 * ols.get("128/1.0"),
        "n = 128: small init at the least-squares fit, large init not; " + cells);
    assertTrue(ols.get("128/1.0E-4") <= 0.1 * ols.get("16/1.0E-4"),
        "small init reaches the fit only past the threshold; " + cells);
    assertTrue(excess.get("128/1.0E-4") <= excess.get("128/1.0"),
        "and generalises at least as well; " + cells);
  }
}
