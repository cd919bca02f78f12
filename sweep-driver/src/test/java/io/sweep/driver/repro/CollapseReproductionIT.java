package io.sweep.driver.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stochastic collapse (SCIENCE.md §1): conf/sweeps/collapse-quick.conf, tanh, B = 32, 3 seeds.
 * Collapse needs both a large step size and label noise: the mean collapse fraction at (lr 0.2,
 * σ 1) exceeds every other corner by at least 0.3 (measured: 0.75 against 0).
 */
@EnabledIfSystemProperty(named = "sweep.reproductions", matches = "true",
    disabledReason = "reproductions are skipped (-DskipReproductions)")
class CollapseReproductionIT {
  @TempDir static Path dir;

  @Test
  void collapseGrowsWithStepSizeAndLabelNoise() {
    QuickSweep sweep = QuickSweep.run(dir, "collapse-quick");
    assertEquals(0, sweep.count("status <> 'ok'"), "every run of collapse-quick should train");
    Map<String, Double> cf = sweep.table(
        "SELECT concat('lr=', lr, ' sigma=', label_noise), avg(collapse_fraction) FROM runs "
            + "GROUP BY lr, label_noise ORDER BY lr, label_noise");
    String cells = "mean collapse_fraction per cell: " + cf;
    double loLoQuiet = cf.get("lr=0.025 sigma=0.0");
    double loNoisy = cf.get("lr=0.025 sigma=1.0");
    double hiQuiet = cf.get("lr=0.2 sigma=0.0");
    double hiNoisy = cf.get("lr=0.2 sigma=1.0");
    assertTrue(hiNoisy - loLoQuiet >= 0.3, "more SGD noise, more collapse; " + cells);
    assertTrue(hiNoisy - hiQuiet >= 0.3, "label noise drives the collapse at lr 0.2; " + cells);
    assertTrue(hiNoisy - loNoisy >= 0.3, "a larger lr/B drives the collapse at sigma 1; " + cells);
    assertTrue(loLoQuiet <= 0.1 && hiQuiet <= 0.1, "no collapse without label noise; " + cells);
  }
}
