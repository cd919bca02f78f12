package io.sweep.driver.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Keeps Spark's, Hadoop's and DL4J's log output out of the terminal: everything goes to one file
 * per invocation, whose path is printed. Must run before the first logger is created (log4j reads
 * its configuration once), i.e. before Spark starts. The CLI and the notebooks call it.
 */
public final class Logging {
  private static volatile Path file;

  private Logging() {}

  /** Directs logging to a new file under {@code dir} and prints its path on stderr. */
  public static synchronized Path toFile(String dir) {
    if (file != null) {
      return file;
    }
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "sweep/log4j2.properties");
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path f = Path.of(dir).toAbsolutePath().resolve("sweep-" + stamp + "-" + ProcessHandle.current().pid() + ".log");
    try {
      Files.createDirectories(f.getParent());
    } catch (java.io.IOException e) {
      throw new io.sweep.driver.UserError("cannot create log directory " + f.getParent() + ": " + e.getMessage(), e);
    }
    System.setProperty("sweep.log.file", f.toString());
    file = f;
    System.err.println("logs: " + f);
    return f;
  }
}
