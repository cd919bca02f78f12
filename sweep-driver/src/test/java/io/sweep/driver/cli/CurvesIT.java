package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.CliRun;
import io.sweep.driver.StoreSnapshot;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestStore;
import io.sweep.driver.TestSweeps;
import io.sweep.driver.curves.CurveCharts;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curves} through the CLI on a tiny real sweep: 2 step sizes × 2 batch sizes × 2 seeds, logged at 0, 20, 40, 60. */
class CurvesIT {
  @TempDir static Path dir;

  @BeforeAll
  static void setUp() {
    TestSpark.session();
    assertEquals(0, cli("run", TestSweeps.write(dir, "tiny.conf", TestSweeps.tiny("tiny")).toString(), "--quiet").code());
  }

  static CliRun cli(String verb, String... more) {
    return TestStore.in(dir).cli(verb, more);
  }

  @Test
  void curvesByStepSizeToPngWithTheMeanOfTheRunsAtEachStep() throws Exception {
    Path png = dir.resolve("curves.png");
    Map<String, String> before = StoreSnapshot.of(dir.resolve("store"));
    CliRun r = cli("curves", "--sweep", "tiny", "--metric", "train_loss", "--by", "lr", "--out", png.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("mean train_loss by lr (sweep tiny): 2 lines, 8 points, 8 runs; curves: " + png, r.out().strip());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(CurveCharts.PANEL_WIDTH, image.getWidth());
    assertEquals(CurveCharts.PANEL_HEIGHT, image.getHeight());
    assertEquals(before, StoreSnapshot.of(dir.resolve("store")), "curves writes nothing to the store");
  }

  @Test
  void facetsFiltersAndLogAxisToSvg() throws Exception {
    Path svg = dir.resolve("curves.svg");
    CliRun r = cli("curves", "--sweep", "tiny", "--metric", "test_loss", "--by", "lr", "--facet", "batch_size",
        "--where", "step > 0 AND seed = 1", "--log-y", "--out", svg.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("mean test_loss by lr per batch_size where step > 0 AND seed = 1 (sweep tiny): 4 lines, 12 points, "
        + "4 runs; curves: " + svg, r.out().strip());
    String text = Files.readString(svg);
    assertTrue(text.contains("lr = 0.02") && text.contains("lr = 0.05"), "legend");
    assertTrue(text.contains("batch_size = 8") && text.contains("batch_size = 4"), "one panel per batch size");
  }

  @Test
  void theDrawnMeanIsTheMeanOfTheRunsTrajectories() {
    double expected = TestStore.in(dir).rows("SELECT avg(t.train_loss) FROM trajectories t JOIN runs r ON t.run_id = r.run_id "
        + "WHERE r.sweep = 'tiny' AND t.step = 40 AND r.lr = 0.05").get(0).getDouble(0);
    io.sweep.driver.store.Store store = io.sweep.driver.store.Store.open(TestSpark.session(), dir.resolve("store").toString());
    io.sweep.driver.curves.LearningCurves c = io.sweep.driver.curves.TrajectoryCurves.compute(store,
        new io.sweep.driver.curves.CurveQuery("tiny", "train_loss", "lr", null, null, false));
    io.sweep.driver.curves.CurvePoint p = c.curvesOf(null).get(1).points().get(2);
    assertEquals("0.05", c.curvesOf(null).get(1).by());
    assertEquals(40, p.step());
    assertEquals(4, p.runs(), "2 batch sizes × 2 seeds");
    assertEquals(expected, p.mean(), 1e-12);
    assertTrue(p.low() < p.mean() && p.mean() < p.high(), "a band around the mean");
  }
}
