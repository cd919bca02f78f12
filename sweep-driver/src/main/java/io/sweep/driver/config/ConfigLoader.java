package io.sweep.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.sweep.driver.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the layered configuration once: {@code --set} overrides, over the sweep file, over the
 * working directory's {@code conf/application.conf}, over the defaults packaged in the jar (the same
 * file, as {@code sweep/application.conf}). Substitutions such as {@code ${?SWEEP_STORE}} are then
 * resolved against the environment.
 *
 * <p>Syntax errors become {@link ConfigProblems} (a user error) with the file and line.
 */
public final class ConfigLoader {
  /** Where the packaged defaults live on the classpath. */
  public static final String DEFAULTS_RESOURCE = "sweep/application.conf";
  /** How the origin of a {@code --set} value starts: {@code --set key=value}. */
  static final String OVERRIDE_ORIGIN = "--set ";

  private ConfigLoader() {}

  /**
   * Loads the configuration.
   *
   * @param sweepFile the sweep file, or null for verbs that need only engine settings
   * @param overrides {@code key=value} strings from {@code --set}, later ones win
   */
  public static Config load(Path sweepFile, List<String> overrides) {
    List<ConfigProblem> problems = new ArrayList<>();
    Config merged = ConfigFactory.empty();
    for (String override : overrides) {
      Config layer = parseOverride(override, problems);
      merged = layer.withFallback(merged);
    }
    if (sweepFile != null) {
      if (!Files.isRegularFile(sweepFile)) {
        throw new UserError(
            "sweep file not found: " + sweepFile + (Files.isDirectory(sweepFile) ? " (a directory)" : ""));
      }
      merged = merged.withFallback(parseFile(sweepFile, problems));
    }
    Path local = Path.of("conf", "application.conf");
    if (Files.isRegularFile(local)) {
      merged = merged.withFallback(parseFile(local, problems));
    }
    merged = merged.withFallback(defaults());
    if (!problems.isEmpty()) {
      throw new ConfigProblems(problems);
    }
    try {
      return merged.resolve();
    } catch (ConfigException e) {
      throw new ConfigProblems(
          List.of(ConfigProblem.at(e.origin(), "substitution", stripOrigin(e))));
    }
  }

  /** The packaged defaults alone (tests and the cluster jar use them). */
  public static Config defaults() {
    return ConfigFactory.parseResources(
        ConfigLoader.class.getClassLoader(),
        DEFAULTS_RESOURCE,
        ConfigParseOptions.defaults().setAllowMissing(false));
  }

  private static Config parseFile(Path file, List<ConfigProblem> problems) {
    try {
      return ConfigFactory.parseFile(
          file.toFile(),
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
    } catch (ConfigException e) {
      problems.add(new ConfigProblem(Values.describe(e.origin()), file.toString(), stripOrigin(e)));
      return ConfigFactory.empty();
    }
  }

  private static Config parseOverride(String override, List<ConfigProblem> problems) {
    String where = OVERRIDE_ORIGIN + override;
    if (!override.contains("=")) {
      problems.add(new ConfigProblem(where, override, "expected key=value, e.g. sweep.train.steps=500"));
      return ConfigFactory.empty();
    }
    try {
      return ConfigFactory.parseString(
          override, ConfigParseOptions.defaults().setOriginDescription(where));
    } catch (ConfigException e) {
      problems.add(new ConfigProblem(where, override.substring(0, override.indexOf('=')).trim(),
          stripOrigin(e)));
      return ConfigFactory.empty();
    }
  }

  /** Typesafe prefixes messages with the origin; we print the origin ourselves. */
  private static String stripOrigin(ConfigException e) {
    String m = e.getMessage();
    if (e.origin() != null) {
      String prefix = e.origin().description() + ": ";
      if (m.startsWith(prefix)) {
        return m.substring(prefix.length());
      }
    }
    return m;
  }
}
