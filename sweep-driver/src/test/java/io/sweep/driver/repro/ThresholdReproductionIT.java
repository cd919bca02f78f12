package io.sweep.driver.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Optimization threshold (SCIENCE.md §4): conf/sweeps/threshold-quick.conf, small init, ReLU,
 * width 16, d = 8, data noise 0.5, 4 seeds. Few samples: the seeds interpolate; many samples: none
 * does, and the network sits near the least-squares fit (small ols_distance, lower test loss).
 */
@EnabledIfSystemProperty(named = "sweep.reproductions", matches = "true",
    disabledReason = "reproductions are skipped (-DskipReproductions)")
class ThresholdReproductionIT {
  @TempDir static Path dir;

  @Test
  void interpolationStopsPastAThresholdSampleCount() {
    QuickSweep sweep = QuickSweep.run(dir, "threshold-quick");
    assertEquals(0, sweep.count("status <> 'ok'"), "every run of threshold-quick should train");
    Map<String, Double> interp = sweep.table(
        "SELECT samples, avg(cast(interpolated AS int)) FROM runs GROUP BY 1 ORDER BY 1");
    Map<String, Double> ols = sweep.table(
        "SELECT samples, avg(ols_distance) FROM runs GROUP BY 1 ORDER BY 1");
    Map<String, Double> test = sweep.table(
        "SELECT samples, avg(test_loss) FROM runs GROUP BY 1 ORDER BY 1");
    String smallest = interp.keySet().iterator().next();
    String largest = interp.keySet().stream().reduce((a, b) -> b).orElseThrow();
    String cells = "fraction interpolating per n " + interp + ", ols_distance " + ols + ", test loss " + test;
    assertTrue(interp.get(smallest) >= 0.75, "few samples: the seeds interpolate; " + cells);
    assertTrue(interp.get(largest) <= 0.25, "many samples: they do not; " + cells);
    assertTrue(ols.get(largest) <= 0.2 * ols.get(smallest) && ols.get(largest) <= 0.15,
        "past the threshold the network is close to the least-squares fit; " + cells);
    assertTrue(test.get(largest) < test.get(smallest), "and generalises better; " + cells);
  }
}
