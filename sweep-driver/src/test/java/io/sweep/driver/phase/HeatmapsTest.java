package io.sweep.driver.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.UserError;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeatmapsTest {
  @TempDir Path dir;

  /** A 5 × 4 fraction diagram rising with x and y, one cell empty and one incomplete, two facets. */
  static PhaseDiagram diagram(boolean facets) {
    List<PhaseCell> cells = new ArrayList<>();
    double[] lrs = {0.01, 0.03, 0.1, 0.3, 1};
    double[] noise = {0, 0.5, 1, 2};
    for (String f : facets ? List.of("8", "32") : java.util.Collections.<String>singletonList(null)) {
      for (double y : noise) {
        for (int i = 0; i < lrs.length; i++) {
          double p = Math.min(1, (i + y) / 5);
          int ones = (int) Math.round(4 * p);
          List<Double> values = new ArrayList<>();
          for (int k = 0; k < 4; k++) {
            values.add(k < ones ? 1.0 : 0.0);
          }
          boolean empty = i == 4 && y == 2;
          cells.add(new PhaseCell(lrs[i], y, f, empty
              ? CellStats.of(Aggregation.FRACTION, List.of(), 4, 4, 0)
              : CellStats.of(Aggregation.FRACTION, values, i == 3 && y == 2 ? 5 : 4, i == 3 && y == 2 ? 1 : 0, 0)));
        }
      }
    }
    return PhaseDiagram.of(new PhaseQuery("s", "lr", "label_noise", "interpolated", Aggregation.FRACTION, null,
        facets ? "batch_size" : null, null), cells);
  }

  @Test
  void writesANonTrivialPngOfTheDefaultSize() throws Exception {
    Path png = dir.resolve("out/phase.png");
    Heatmaps.write(diagram(false), png, 0.5);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(Heatmaps.PANEL_WIDTH, image.getWidth());
    assertEquals(Heatmaps.PANEL_HEIGHT, image.getHeight());
    Set<Integer> colours = new HashSet<>();
    int red = 0;
    for (int x = 0; x < image.getWidth(); x += 2) {
      for (int y = 0; y < image.getHeight(); y += 2) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        red += rgb == 0xE0201B ? 1 : 0;
      }
    }
    assertTrue(colours.size() > 50, "cells, colour bar and text give many colours: " + colours.size());
    assertTrue(red > 20, "the ½ boundary is drawn: " + red + " red pixels");
  }

  @Test
  void logSpacedAxisIsDetected() {
    PhaseDiagram d = diagram(false);
    assertTrue(d.logX());
    assertTrue(!d.logY(), "label noise includes 0");
  }

  @Test
  void facetsBecomeSmallMultiplesSideBySide() {
    BufferedImage image = Heatmaps.render(diagram(true));
    assertEquals(2 * Heatmaps.PANEL_WIDTH, image.getWidth());
    assertEquals(Heatmaps.PANEL_HEIGHT, image.getHeight());
  }

  @Test
  void writesSvg() throws Exception {
    Path svg = dir.resolve("phase.svg");
    Heatmaps.write(diagram(false), svg, null);
    String text = Files.readString(svg);
    assertTrue(text.contains("<svg"), text.substring(0, 60));
    assertTrue(text.contains("interpolated"), "the colour bar names the metric");
  }

  @Test
  void otherExtensionsAreRefused() {
    UserError e = assertThrows(UserError.class, () -> Heatmaps.write(diagram(false), dir.resolve("p.jpg"), null));
    // The request field is named plainly; the CLI shows it as its flag.
    assertEquals("out " + dir.resolve("p.jpg") + ": give a file ending in .png or .svg", e.getMessage());
    assertEquals("--out " + dir.resolve("p.jpg") + ": give a file ending in .png or .svg",
        e.message(f -> "--" + f));
  }
}
