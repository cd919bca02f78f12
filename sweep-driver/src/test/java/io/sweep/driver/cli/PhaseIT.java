package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.CliRun;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestStore;
import io.sweep.driver.TestSweeps;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** {@code phase}, {@code threshold} and {@code refine} through the CLI on tiny real sweeps. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhaseIT {
  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.session();
    assertEquals(0, cli("run", TestSweeps.write(dir, "tiny.conf", TestSweeps.tiny("tiny")).toString(), "--quiet").code());
    String samples = """
        sweep {
          name = samples
          grid { samples = [4, 16, 64], seed = [0, 1] }
          model { width = 8, init-scale = 0.5 }
          data { input-dim = 4, data-noise = 0.3, test-samples = 64 }
          train { lr = 0.05, batch-size = 4, steps = 60, log-every = 20 }
        }
        """;
    assertEquals(0, cli("run", TestSweeps.write(dir, "samples.conf", samples).toString(), "--quiet").code());
  }

  static CliRun cli(String verb, String... more) {
    return TestStore.in(dir).cli(verb, more);
  }

  private static List<Row> query(String sql) {
    return TestStore.in(dir).rows(sql);
  }

  @Test
  @Order(1)
  void phaseAggregatesSeedsPrintsTheTableAndDrawsThePng() throws Exception {
    Path png = dir.resolve("phase.png");
    CliRun r = cli("phase", "--sweep", "tiny", "--x", "lr", "--y", "batch_size", "--metric", "train_loss",
        "--out", png.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("mean train_loss over lr × batch_size (sweep tiny): 4 cells"), r.out());
    assertTrue(r.out().contains("heatmap: " + png), r.out());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(760, image.getWidth());
    List<Row> cells = query("SELECT x, y, seeds, runs, value, ci_low, ci_high FROM phases WHERE sweep = 'tiny' ORDER BY y, x");
    assertEquals(4, cells.size());
    for (Row c : cells) {
      assertEquals(2, c.getInt(2), "two seeds per cell");
      assertTrue(c.getDouble(5) <= c.getDouble(4) && c.getDouble(4) <= c.getDouble(6), "value inside its interval");
    }
    // the cell's mean is the mean of its runs' train_loss
    double expected = query("SELECT avg(train_loss) FROM runs WHERE sweep = 'tiny' AND lr = 0.02 AND batch_size = 4")
        .get(0).getDouble(0);
    assertEquals(expected, cells.get(0).getDouble(4), 1e-12);
  }

  @Test
  @Order(2)
  void derivedAxesFacetsFiltersAndFractions() {
    CliRun r = cli("phase", "--sweep", "tiny", "--x", "lr / batch_size", "--y", "seed", "--metric", "test_loss < train_loss * 100",
        "--where", "batch_size = 4", "--facet", "width", "--format", "csv");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("x,y,facet,value,ci_low,ci_high,seeds,runs,diverged,failed"), r.out());
    assertEquals(1 + 4, r.out().strip().split("\n").length, "2 values of lr/batch_size × 2 seeds: " + r.out());
    assertTrue(r.out().contains("0.005,0.0,8,"), "lr 0.02 / batch 4, facet width 8: " + r.out());
  }

  @Test
  @Order(3)
  void phaseAtAStepReadsTheTrajectories() {
    CliRun r = cli("phase", "--sweep", "tiny", "--x", "lr", "--y", "batch_size", "--metric", "train_loss", "--at-step", "20");
    assertEquals(0, r.code(), r.err());
    double atStep = query("SELECT avg(t.train_loss) FROM trajectories t JOIN runs r ON t.run_id = r.run_id "
        + "WHERE r.sweep = 'tiny' AND t.step = 20 AND r.lr = 0.02 AND r.batch_size = 4").get(0).getDouble(0);
    double shown = query("SELECT value FROM phases WHERE sweep = 'tiny' AND at_step = 20 AND x = 0.02 AND y = 4")
        .get(0).getDouble(0);
    assertEquals(atStep, shown, 1e-12);
  }

  @Test
  @Order(4)
  void badPhaseInputIsALocatedUserError() {
    CliRun unknown = cli("phase", "--sweep", "nope", "--x", "lr", "--y", "batch_size", "--metric", "train_loss");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().startsWith("error: no runs of sweep 'nope' in file:"), unknown.err());
    assertTrue(unknown.err().contains("sweeps there: samples, tiny"), unknown.err());
    CliRun column = cli("phase", "--sweep", "tiny", "--x", "lrr", "--y", "batch_size", "--metric", "train_loss");
    assertEquals(2, column.code());
    assertTrue(column.err().startsWith("error: --x 'lrr': "), column.err());
    CliRun agg = cli("phase", "--sweep", "tiny", "--x", "lr", "--y", "batch_size", "--metric", "train_loss", "--agg", "fraction");
    assertEquals(2, agg.code());
    assertTrue(agg.err().startsWith("error: --agg fraction needs a boolean metric, but 'train_loss' is double"), agg.err());
    CliRun step = cli("phase", "--sweep", "tiny", "--x", "lr", "--y", "batch_size", "--metric", "train_loss", "--at-step", "7");
    assertEquals(2, step.code());
    assertEquals("error: --at-step 7: sweep 'tiny' has no trajectory points at that step; logged steps: [0, 20, 40, 60]",
        step.err().strip().split("\n")[0]);
    CliRun out = cli("phase", "--sweep", "tiny", "--x", "lr", "--y", "batch_size", "--metric", "train_loss", "--out",
        dir.resolve("p.gif").toString());
    assertEquals(2, out.code());
    assertTrue(out.err().contains("give a file ending in .png or .svg"), out.err());
  }

  @Test
  @Order(5)
  void thresholdAlongSamples() {
    CliRun r = cli("threshold", "--sweep", "samples");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("threshold along samples (sweep samples, level 0.5): found in "), r.out());
    List<Row> rows = query("SELECT cell, runs, points, status, bracket_low, bracket_high, threshold FROM thresholds");
    assertEquals(1, rows.size());
    assertEquals("(all runs)", rows.get(0).getString(0));
    assertEquals(6, rows.get(0).getInt(1));
    assertEquals(3, rows.get(0).getInt(2));
    Row t = rows.get(0);
    if (!t.isNullAt(6)) {
      assertTrue(t.getDouble(4) <= t.getDouble(6) && t.getDouble(6) <= t.getDouble(5), "threshold inside its bracket");
    }
    CliRun single = cli("threshold", "--sweep", "tiny");
    assertEquals(2, single.code());
    assertTrue(single.err().startsWith("error: --axis samples: sweep 'tiny' has a single value of samples (16)"),
        single.err());
  }

  @Test
  @Order(6)
  void refineAddsRunsOfTheSameSweepWithinBudgetAndResumes() {
    String edge = """
        sweep {
          name = edge
          grid { lr = [0.05, 3.0], seed = [0, 1] }
          model { width = 8 }
          data { input-dim = 4, samples = 16, test-samples = 64 }
          train { batch-size = 4, steps = 60, log-every = 20 }
        }
        """;
    assertEquals(0, cli("run", TestSweeps.write(dir, "edge.conf", edge).toString(), "--quiet").code());
    assertEquals(2L, query("SELECT count(*) FROM runs WHERE sweep = 'edge' AND status = 'diverged'").get(0).getLong(0),
        "lr 3 diverges, so the boundary lies inside the grid");
    CliRun r = cli("refine", "--sweep", "edge", "--axis", "lr", "--metric", "status = 'diverged'", "--budget", "8",
        "--tolerance", "0.3", "--quiet");
    assertEquals(0, r.code(), r.err());
    long runs = query("SELECT count(*) FROM runs WHERE sweep = 'edge'").get(0).getLong(0);
    assertTrue(runs > 4 && runs <= 12, runs + " runs: 4 + at most the budget of 8");
    assertTrue(r.out().contains("runs: " + (runs - 4) + " new (4 before, " + runs + " in all)"), r.out());
    assertTrue(r.out().contains("crossed"), r.out());
    long lrs = query("SELECT count(DISTINCT lr) FROM runs WHERE sweep = 'edge'").get(0).getLong(0);
    assertTrue(lrs > 2, "new lr values: " + lrs);
    assertEquals(runs, query("SELECT planned_runs FROM sweeps WHERE sweep = 'edge'").get(0).getLong(0),
        "planned counts the refinement");
    CliRun again = cli("refine", "--sweep", "edge", "--axis", "lr", "--metric", "status = 'diverged'", "--budget", "8",
        "--tolerance", "0.3", "--quiet");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("(" + runs + " before"), again.out());
    assertEquals(query("SELECT count(*) FROM runs WHERE sweep = 'edge'").get(0).getLong(0),
        query("SELECT count(DISTINCT run_id) FROM runs WHERE sweep = 'edge'").get(0).getLong(0), "no run twice");
  }
}
