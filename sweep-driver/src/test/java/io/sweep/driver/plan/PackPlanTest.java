package io.sweep.driver.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.sweep.driver.config.ConfigLoader;
import io.sweep.driver.config.SettingsParser;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The spread of small sweeps over several packs ({@code engine.min-packs}). */
class PackPlanTest {

  @Test
  void smallSweepsAreSpreadOverMinPacksNeverBelowTheFloor() {
    assertEquals(64, PackPlan.packSize(1024, 64, 16), "pack-size × min-packs runs: full packs");
    assertEquals(64, PackPlan.packSize(100_000, 64, 16));
    assertEquals(63, PackPlan.packSize(1000, 64, 16), "⌈1000 / 16⌉");
    assertEquals(40, PackPlan.packSize(640, 64, 16));
    assertEquals(16, PackPlan.packSize(64, 64, 16), "⌈64 / 16⌉ = 4, raised to the floor");
    assertEquals(16, PackPlan.packSize(3, 64, 16));
    assertEquals(8, PackPlan.packSize(64, 8, 16), "never above pack-size");
    assertEquals(1, PackPlan.packSize(64, 1, 16));
    assertEquals(64, PackPlan.packSize(64, 64, 1), "1 turns the spread off");
    assertEquals(32, PackPlan.packSize(64, 64, 2));
    assertThrows(IllegalArgumentException.class, () -> PackPlan.packSize(10, 0, 16));
    assertThrows(IllegalArgumentException.class, () -> PackPlan.packSize(10, 64, 0));
  }

  private static List<PlannedRun> runs(String grid) {
    String sweep = """
        sweep {
          name = spread
          grid { %s }
          model { width = 8 }
          data { input-dim = 4, samples = 16, test-samples = 16 }
          train { batch-size = 4, steps = 10, log-every = 5 }
        }
        """.formatted(grid);
    var settings = SettingsParser.sweep(
        ConfigFactory.parseString(sweep).withFallback(ConfigLoader.defaults()).resolve(), "test");
    return GridExpander.expand(settings).runs();
  }

  /** Every run in exactly one pack, none above the spread size. */
  private static void assertPartition(List<PlannedRun> runs, PackPlan plan, int most) {
    Set<String> seen = new HashSet<>();
    for (int k = 0; k < plan.packs(); k++) {
      for (PlannedRun r : plan.pack(k)) {
        assertEquals(true, seen.add(r.runId()), "run in two packs: " + r.runId());
      }
      assertEquals(true, plan.pack(k).size() <= most, "pack " + k + " too large");
    }
    assertEquals(runs.size(), seen.size());
  }

  @Test
  void oneSeedOf256RunsTrainsAsSixteenFusedPacks() {
    List<PlannedRun> runs = runs("lr = [%s], seed = [0]".formatted(
        String.join(", ", java.util.stream.IntStream.range(1, 257)
            .mapToObj(i -> Double.toString(i / 1000.0)).toList())));
    PackPlan spread = PackPlan.of(runs, 64, 16);
    assertEquals(16, spread.packs());
    assertPartition(runs, spread, 16);
    PackPlan off = PackPlan.of(runs, 64, 1);
    assertEquals(4, off.packs(), "without the spread: four packs of 64");
    assertPartition(runs, off, 64);
  }

  @Test
  void theSpreadDependsOnThePlanOnly() {
    List<PlannedRun> runs = runs("lr = [0.01, 0.02, 0.03, 0.04, 0.05], label-noise = [0, 0.1, 0.2],"
        + " seed = [0, 1, 2, 3, 4, 5, 6]");
    PackPlan a = PackPlan.of(runs, 64, 16);
    PackPlan b = PackPlan.of(List.copyOf(runs), 64, 16);
    assertEquals(a.packs(), b.packs());
    for (int k = 0; k < a.packs(); k++) {
      assertEquals(a.pack(k).stream().map(PlannedRun::runId).toList(),
          b.pack(k).stream().map(PlannedRun::runId).toList());
    }
    // 105 runs: packs of at most 16; each seed's 15 runs (≥ 8) a fused pack of its own
    assertEquals(7, a.packs());
    assertPartition(runs, a, 16);
    for (int k = 0; k < a.packs(); k++) {
      assertEquals(1, a.pack(k).stream().map(r -> r.spec().seed()).distinct().count());
    }
    assertEquals(2, PackPlan.of(runs, 64, 1).packs(), "without: pooled into general packs of 64");
  }
}
