package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.SweepProcess;
import io.sweep.driver.TestSweeps;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sweep} as a user types it, as a real process: the launcher's JVM flags, classpath and
 * logging set-up, and exit codes. Runs after {@code package}, so the launcher needs no rebuild.
 */
class LauncherIT {
  @TempDir Path dir;

  private SweepProcess.Result sweep(String... args) {
    return SweepProcess.run(dir, args);
  }

  @Test
  void planPrintsAxesRunsAndCostOfTheQuickstart()  {
    SweepProcess.Result r = sweep("plan", "conf/sweeps/quickstart.conf");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("runs: 24"), r.out());
    assertTrue(r.out().contains("lr                    3  0.01, 0.05, 0.2"), r.out());
    assertTrue(r.out().contains("estimate:"), r.out());
  }

  @Test
  void runThenSqlThroughTheLauncherKeepsSparkLogsOutOfTheTerminal() throws java.io.IOException {
    Path conf = TestSweeps.write(dir, "tiny.conf", TestSweeps.tiny("launcher"));
    String store = dir.resolve("store").toString();
    SweepProcess.Result run = sweep("run", conf.toString(), "--store", store, "--master", "local[2]");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("done: 8 runs"), run.out());
    assertTrue(run.err().startsWith("logs: " + dir.resolve("logs")), run.err());
    assertFalse(run.err().contains(" INFO "), "Spark INFO lines leaked to the terminal:\n" + run.err());
    assertFalse(run.out().contains(" INFO "), run.out());
    try (var logs = Files.list(dir.resolve("logs"))) {
      Path log = logs.findFirst().orElseThrow();
      assertTrue(Files.readString(log).contains("SparkContext"), "Spark logs go to the log file");
    }

    SweepProcess.Result sql = sweep("sql", "SELECT count(*) AS n FROM runs WHERE status = 'ok'", "--store", store,
        "--format", "csv");
    assertEquals(0, sql.code(), sql.err());
    assertEquals("n\n8\n", sql.out());
  }

  @Test
  void helpAndVersionExitZero() {
    SweepProcess.Result help = sweep("--help");
    assertEquals(0, help.code(), help.err());
    assertTrue(help.out().startsWith("Usage: sweep [-hV] [COMMAND]"), help.out());
    SweepProcess.Result version = sweep("--version");
    assertEquals(0, version.code(), version.err());
    assertTrue(version.out().startsWith("sweep 0."), version.out());
    SweepProcess.Result run = sweep("run", "--help");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().startsWith("Usage: sweep run [-h]"), run.out());
  }

  @Test
  void aMissingSweepFileIsAUserErrorWithExitCodeTwo()  {
    SweepProcess.Result r = sweep("plan", "conf/sweeps/no-such.conf");
    assertEquals(2, r.code());
    assertEquals("error: sweep file not found: conf/sweeps/no-such.conf\n", r.err());
  }
}
