package io.sweep.driver.curves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.UserError;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveChartsTest {
  @TempDir Path dir;

  static final String[] LRS = {"0.01", "0.05", "0.2"};

  /** Three step sizes, each 3 seeds decaying at its own rate over 11 logged steps; optionally two facets. */
  static LearningCurves curves(boolean facets, boolean logY) {
    List<StepValues> steps = new ArrayList<>();
    for (String f : facets ? List.of("8", "32") : java.util.Collections.<String>singletonList(null)) {
      for (String lr : LRS) {
        for (long step = 0; step <= 1000; step += 100) {
          double rate = Double.parseDouble(lr) * 0.02;
          double base = Math.exp(-rate * step);
          steps.add(new StepValues(f, lr, step, new double[] {base * 0.9, base, base * 1.1}));
        }
      }
    }
    return LearningCurves.of(new CurveQuery("s", "train_loss", "lr", null, facets ? "batch_size" : null, logY),
        steps, 3 * LRS.length * (facets ? 2 : 1), 0);
  }

  private static Map<Integer, Integer> pixelCounts(BufferedImage image) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int x = 0; x < image.getWidth(); x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        counts.merge(image.getRGB(x, y) & 0xFFFFFF, 1, Integer::sum);
      }
    }
    return counts;
  }

  @Test
  void writesAPngOfOnePanelWithOneColourPerLine() throws Exception {
    Path png = dir.resolve("out/curves.png");
    CurveCharts.write(curves(false, false), png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(CurveCharts.PANEL_WIDTH, image.getWidth());
    assertEquals(CurveCharts.PANEL_HEIGHT, image.getHeight());
    Map<Integer, Integer> counts = pixelCounts(image);
    List<Integer> colours = new ArrayList<>();
    for (int i = 0; i < LRS.length; i++) {
      int rgb = CurveCharts.colour(i, LRS.length).getRGB() & 0xFFFFFF;
      colours.add(rgb);
      assertTrue(counts.getOrDefault(rgb, 0) > 200, "line " + LRS[i] + " (#" + Integer.toHexString(rgb) + ") is drawn: "
          + counts.getOrDefault(rgb, 0) + " pixels");
    }
    assertEquals(LRS.length, colours.stream().distinct().count(), "distinct colours: " + colours);
  }

  @Test
  void lineColoursSpanViridisWithoutItsPaleEnd() {
    assertEquals(new Color(0x440154), CurveCharts.colour(0, 3));
    assertNotEquals(new Color(0xFDE725), CurveCharts.colour(2, 3));
    assertEquals(new Color(0x440154), CurveCharts.colour(0, 1), "a single line is dark");
  }

  @Test
  void facetsBecomeSmallMultiplesSideBySide() {
    BufferedImage image = CurveCharts.render(curves(true, true));
    assertEquals(2 * CurveCharts.PANEL_WIDTH, image.getWidth());
    assertEquals(CurveCharts.PANEL_HEIGHT, image.getHeight());
  }

  @Test
  void aLogAxisCutsBandsThatReachZeroAtTheSmallestPositiveValue() {
    LearningCurves c = LearningCurves.of(new CurveQuery("s", "train_loss", null, null, null, true), List.of(
        new StepValues(null, null, 0, new double[] {0.01, 2}), // mean 1.005, the band's low end far below 0
        new StepValues(null, null, 10, new double[] {0.5, 0.6})), 2, 0);
    double[] range = CurveCharts.yRange(c);
    assertTrue(range[0] > 0 && range[0] < 0.5, "positive bottom below the lowest band end: " + range[0]);
    CurveCharts.render(c); // draws
  }

  @Test
  void writesSvgWithLegendAndMetric() throws Exception {
    Path svg = dir.resolve("curves.svg");
    CurveCharts.write(curves(true, false), svg);
    String text = Files.readString(svg);
    assertTrue(text.contains("<svg"), text.substring(0, 60));
    assertTrue(text.contains("lr = 0.05"), "the legend names each line");
    assertTrue(text.contains("train_loss"), "the axis names the metric");
    assertTrue(text.contains("batch_size = 32"), "each panel names its facet");
  }

  @Test
  void otherExtensionsAreRefused() {
    UserError e = assertThrows(UserError.class, () -> CurveCharts.write(curves(false, false), dir.resolve("c.jpg")));
    assertEquals("--out " + dir.resolve("c.jpg") + ": give a file ending in .png or .svg", e.message(f -> "--" + f));
  }
}
