package io.sweep.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The engine's version as recorded in every row: the Maven version plus the git commit it was
 * built from ({@code 0.1.0-SNAPSHOT+1a2b3c4d5e6f}, with {@code -dirty} for uncommitted changes).
 */
public final class EngineVersion {
  private static final String VERSION = read();

  private EngineVersion() {}

  /** The version string. */
  public static String get() {
    return VERSION;
  }

  private static String read() {
    Properties p = new Properties();
    try (InputStream in =
        EngineVersion.class.getClassLoader().getResourceAsStream("sweep/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String version = resolved(p.getProperty("version"), "unknown");
    String sha = resolved(p.getProperty("git.sha"), null);
    boolean dirty = "true".equals(p.getProperty("git.dirty"));
    return sha == null ? version : version + "+" + sha + (dirty ? "-dirty" : "");
  }

  /** Maven leaves {@code ${...}} in place when a property is unknown (e.g. built without git). */
  private static String resolved(String value, String otherwise) {
    return value == null || value.isBlank() || value.startsWith("${") ? otherwise : value;
  }
}
