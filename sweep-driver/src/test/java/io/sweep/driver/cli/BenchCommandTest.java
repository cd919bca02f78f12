package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sweep.driver.config.ConfigLoader;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.plan.PackPlan;
import io.sweep.driver.plan.PlannedRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's end-to-end sweeps and the split it prints (issue 17). */
class BenchCommandTest {

  private static final int DEFAULT_PACK_SIZE = 64;

  /** The packs the runner cuts the sweep into (and the bench counts), default settings. */
  private static PackPlan packs(String sweep) {
    var settings = SettingsParser.sweep(
        ConfigFactory.parseString(sweep).withFallback(ConfigLoader.defaults()).resolve(), "bench");
    return PackPlan.of(GridExpander.expand(settings).runs(), DEFAULT_PACK_SIZE,
        PackPlan.DEFAULT_MIN_PACKS);
  }

  /**
   * Ten full fused packs per core; on one core the sweep's 640 runs are under pack-size ×
   * min-packs, so they are spread into fused packs of 40 and 24 (20 packs).
   */
  @Test
  void theLargerSweepGivesEveryCoreTenFullPacks() {
    for (int cores : new int[] {1, 2, 16}) {
      for (boolean quick : new boolean[] {true, false}) {
        PackPlan packs = packs(BenchCommand.largerSweep(quick, cores));
        assertEquals(BenchCommand.LARGER_PACKS_PER_CORE * Math.max(2, cores), packs.packs(),
            cores + " cores");
        for (int k = 0; k < packs.packs(); k++) {
          List<PlannedRun> p = packs.pack(k);
          if (cores > 1) {
            assertEquals(DEFAULT_PACK_SIZE, p.size(), "a fused pack of one seed's 64 runs");
          }
          assertEquals(1, p.stream().map(r -> r.spec().seed()).distinct().count());
        }
        assertEquals(quick ? 2000 : 10000, packs.pack(0).get(0).spec().train().steps());
      }
    }
  }

  /**
   * The bench sweep (4 seeds × 16 runs) is spread by {@code engine.min-packs} (default 16) into
   * one fused pack per seed; without the spread it is one general pack of 64, and one core of
   * two idles.
   */
  @Test
  void theBenchSweepIsAFusedPackPerSeed() {
    for (boolean quick : new boolean[] {true, false}) {
      var settings = SettingsParser.sweep(ConfigFactory.parseString(BenchCommand.endToEndSweep(quick))
          .withFallback(ConfigLoader.defaults()).resolve(), "bench");
      List<PlannedRun> runs = GridExpander.expand(settings).runs();
      PackPlan spread = PackPlan.of(runs, DEFAULT_PACK_SIZE, PackPlan.DEFAULT_MIN_PACKS);
      int seeds = quick ? 2 : 4;
      assertEquals(seeds, spread.packs());
      for (int k = 0; k < spread.packs(); k++) {
        assertEquals(16, spread.pack(k).size());
        assertEquals(1, spread.pack(k).stream().map(r -> r.spec().seed()).distinct().count());
      }
      assertEquals(1, PackPlan.of(runs, DEFAULT_PACK_SIZE, 1).packs());
    }
  }

  @Test
  void theSplitAddsUpToWallTimesCores() {
    var e = new BenchCommand.EndToEnd(32, 2000, 1, "local[*]", 2, 3.0, 1.2, 0.9, 0.3);
    assertEquals(6.0, e.coreSeconds(), 1e-12);
    assertEquals(6.0 - 1.2 - 0.9, e.engineSeconds(), 1e-12);
    assertEquals(1, 1.2 / 6 + 0.9 / 6 + e.engineShare(), 1e-12);
    assertEquals(1 - 1.2 / 6, e.overhead(), 1e-12);
    assertEquals(e.engineShare() + 0.9 / 6, e.overhead(), 1e-12, "overhead = engine + diagnostics");
    assertEquals(0.75, e.diagnosticsRatio(), 1e-12);
    assertEquals(0.5, e.packsPerCore(), 1e-12);
    assertTrue(e.engineSeconds() > 0);
    assertEquals(0.05, e.jitShare(), 1e-12);
  }
}
