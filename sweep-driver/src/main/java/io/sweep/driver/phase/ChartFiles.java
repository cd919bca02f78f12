package io.sweep.driver.phase;

import io.sweep.driver.UserError;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BiConsumer;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * A chart drawn into a PNG image or an SVG file, on white, whatever draws it (the heatmaps of
 * {@code phase}, the learning curves of {@code curves}): one place for the file formats, the
 * rendering hints and the errors a user sees.
 */
public final class ChartFiles {

  static {
    System.setProperty("java.awt.headless", "true"); // executors and CI have no display
  }

  private ChartFiles() {}

  /**
   * Checks that {@code file} names a format written here, before any work is done.
   *
   * @throws UserError for an extension other than {@code .png} or {@code .svg}
   */
  public static void checkFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".png") && !name.endsWith(".svg")) {
      throw new UserError(UserError.field("out") + " " + file + ": give a file ending in .png or .svg");
    }
  }

  /** An antialiased image of {@code width}×{@code height} on white, drawn by {@code draw}. */
  public static BufferedImage image(int width, int height, BiConsumer<Graphics2D, Rectangle2D> draw) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    draw.accept(g, new Rectangle2D.Double(0, 0, width, height));
    g.dispose();
    return image;
  }

  /**
   * Writes the chart drawn by {@code draw} to a {@code .png} or {@code .svg} file of
   * {@code width}×{@code height}, creating its directory.
   *
   * @throws UserError for another extension or an unwritable path
   */
  public static void write(Path file, int width, int height, BiConsumer<Graphics2D, Rectangle2D> draw) {
    checkFile(file);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
        ImageIO.write(image(width, height, draw), "png", file.toFile());
      } else {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        draw.accept(g, new Rectangle2D.Double(0, 0, width, height));
        SVGUtils.writeToSVG(file.toFile(), g.getSVGElement());
      }
    } catch (IOException e) {
      throw new UserError(UserError.field("out") + " " + file + ": cannot write: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new UserError(UserError.field("out") + " " + file + ": cannot write: " + e.getCause().getMessage(), e);
    }
  }
}
