package io.sweep.driver.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rank-one *features* in Gatmiry et al.'s own regime: conf/sweeps/rank-one-gatmiry.conf as shipped
 * (cubic, frozen unit output, d = n = 3, U[0,1] inputs, 5·U(−1, 1) labels, B = 1, 300,000 steps,
 * then 5,000 noiseless full-batch steps; 10 seeds per σ). With label noise the neurons'
 * pre-activations on the training inputs become one replicated feature (neuron spread near 0,
 * the feature matrix Z rank one) and the Hessian trace falls; without, they stay spread. Measured
 * on the project machine: spread ≤ 0.25 in 9 of 10 seeds at σ = 1 (0.83 in the tenth), 0.85–0.99 in
 * all 10 at σ = 0; mean Hessian trace 23 against 99 (SCIENCE.md predicts spread ≤ 0.35 in ≥ 9 of
 * 10 seeds with σ = 1 and ≥ 0.8 without). Gatmiry's ratio R = Tr H / Tr H* (trace_ratio): ≤ 1.002
 * in 9 of 10 seeds at σ = 1 (1.51 in the tenth), 1.98–10.0 at σ = 0 (predicted: R ≤ 1.02 in ≥ 9 of
 * 10, ≥ 1.3 without).
 */
@EnabledIfSystemProperty(named = "sweep.reproductions", matches = "true",
    disabledReason = "reproductions are skipped (-DskipReproductions)")
class GatmiryRankOneReproductionIT {
  @TempDir static Path dir;

  @Test
  void labelNoiseMakesTheNeuronsOneFeatureAndFlattensTheMinimum() {
    QuickSweep sweep = QuickSweep.run(dir, "rank-one-gatmiry");
    assertEquals(0, sweep.count("status <> 'ok'"), "every run trains");
    assertEquals(0, sweep.count("trainer <> 'pack'"), "every run in a pack");
    Map<String, Double> collapsed = sweep.table(
        "SELECT label_noise, CAST(count_if(neuron_spread <= 0.35) AS DOUBLE) FROM runs GROUP BY 1 ORDER BY 1");
    Map<String, Double> minSpread = sweep.table(
        "SELECT label_noise, min(neuron_spread) FROM runs GROUP BY 1 ORDER BY 1");
    Map<String, Double> trace = sweep.table(
        "SELECT label_noise, avg(hessian_trace) FROM runs GROUP BY 1 ORDER BY 1");
    Map<String, Double> rank = sweep.table(
        "SELECT label_noise, percentile(feature_stable_rank, 0.5) FROM runs GROUP BY 1 ORDER BY 1");
    Map<String, Double> nearOne = sweep.table(
        "SELECT label_noise, CAST(count_if(trace_ratio <= 1.02) AS DOUBLE) FROM runs GROUP BY 1 ORDER BY 1");
    Map<String, Double> minRatio = sweep.table(
        "SELECT label_noise, min(trace_ratio) FROM runs GROUP BY 1 ORDER BY 1");
    String cells = "seeds with spread <= 0.35 " + collapsed + ", min spread " + minSpread
        + ", mean Hessian trace " + trace + ", median feature stable rank " + rank
        + ", seeds with R <= 1.02 " + nearOne + ", min R " + minRatio;
    // Gatmiry et al.'s prediction itself: Tr H reaches its minimum over the zero-loss manifold.
    assertTrue(nearOne.get("1.0") >= 8, "with label noise R = Tr H / Tr H* -> 1; " + cells);
    assertTrue(minRatio.get("0.0") >= 1.3, "without, R stays well above 1; " + cells);
    assertTrue(collapsed.get("1.0") >= 8, "with label noise the neurons merge; " + cells);
    assertTrue(minSpread.get("0.0") >= 0.7, "without label noise none does; " + cells);
    assertTrue(trace.get("1.0") <= 0.5 * trace.get("0.0"), "a flatter minimum; " + cells);
    assertTrue(rank.get("1.0") <= 1.05, "the feature matrix is rank one; " + cells);
    assertTrue(sweep.scalar("SELECT max(train_loss) FROM runs") < 1e-4, "on the zero-loss manifold; " + cells);
  }
}
