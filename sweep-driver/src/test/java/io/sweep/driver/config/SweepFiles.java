package io.sweep.driver.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Sweep files for the config and plan tests: written to a directory so that every problem's
 * {@code file:line} is exact, then loaded the way the CLI loads them (layers, engine, sweep).
 */
public final class SweepFiles {
  private SweepFiles() {}

  /** The shipped quickstart sweep ({@code conf/sweeps/quickstart.conf} of the repository). */
  public static Path quickstart() {
    return shippedSweeps().resolve("quickstart.conf");
  }

  /** The directory of the shipped sweeps; surefire runs in {@code sweep-driver/}. */
  public static Path shippedSweeps() {
    return Path.of("..", "conf", "sweeps").toAbsolutePath().normalize();
  }

  /** The tiny sweeps the notebooks run ({@code notebooks/sweeps/}). */
  public static Path notebookSweeps() {
    return Path.of("..", "notebooks", "sweeps").toAbsolutePath().normalize();
  }

  /** Writes {@code text} to {@code dir/name}. */
  public static Path write(Path dir, String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads and parses a sweep file as the CLI does. */
  public static SweepSettings parse(Path file, String... overrides) {
    Config config = ConfigLoader.load(file, List.of(overrides));
    SettingsParser.engine(config);
    return SettingsParser.sweep(config, file.toString());
  }

  /** Writes {@code text} to {@code dir/sweep.conf} and parses it. */
  public static SweepSettings parseText(Path dir, String text, String... overrides) {
    return parse(write(dir, "sweep.conf", text), overrides);
  }

  /** The problems that loading and parsing a sweep file reports; fails when there are none. */
  public static List<ConfigProblem> problems(Path file, String... overrides) {
    return assertThrows(ConfigProblems.class, () -> parse(file, overrides)).problems();
  }
}
