package io.sweep.driver;

import com.typesafe.config.ConfigFactory;
import io.sweep.driver.config.ConfigLoader;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.config.SweepSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny sweeps for tests: a few runs of a few dozen steps on 4-dimensional data. */
public final class TestSweeps {
  private TestSweeps() {}

  /** A sweep of 2 step sizes × 2 batch sizes × 2 seeds = 8 runs of 60 steps. */
  public static String tiny(String name) {
    return """
        sweep {
          name = %s
          grid { lr = [0.02, 0.05], batch-size = [4, 8], seed = [0, 1] }
          model { width = 8 }
          data { input-dim = 4, samples = 16, test-samples = 64 }
          train { steps = 60, log-every = 20 }
        }
        """.formatted(name);
  }

  /** Writes a sweep file. */
  public static Path write(Path dir, String fileName, String text) {
    try {
      Path file = dir.resolve(fileName);
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses sweep text over the packaged defaults. */
  public static SweepSettings settings(String text) {
    return SettingsParser.sweep(
        ConfigFactory.parseString(text).withFallback(ConfigLoader.defaults()).resolve(), "test");
  }
}
