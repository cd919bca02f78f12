package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.TestSweeps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sweep} as a user types it, as a real process: the launcher's JVM flags, classpath and
 * logging set-up, and exit codes. Runs after {@code package}, so the launcher needs no rebuild.
 */
class LauncherIT {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  private Result sweep(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/sweep").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
    pb.environment().put("SWEEP_NO_BUILD", "1");
    pb.environment().put("SWEEP_LOG_DIR", dir.resolve("logs").toString());
    pb.environment().put("SWEEP_HEAP", "1g");
    pb.redirectOutput(dir.resolve("out.txt").toFile());
    pb.redirectError(dir.resolve("err.txt").toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "bin/sweep timed out");
    return new Result(p.exitValue(),
        Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void planPrintsAxesRunsAndCostOfTheQuickstart() throws Exception {
    Result r = sweep("plan", "conf/sweeps/quickstart.conf");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("runs: 24"), r.out());
    assertTrue(r.out().contains("lr                    3  0.01, 0.05, 0.2"), r.out());
    assertTrue(r.out().contains("estimate:"), r.out());
  }

  @Test
  void runThenSqlThroughTheLauncherKeepsSparkLogsOutOfTheTerminal() throws Exception {
    Path conf = TestSweeps.write(dir, "tiny.conf", TestSweeps.tiny("launcher"));
    String store = dir.resolve("store").toString();
    Result run = sweep("run", conf.toString(), "--store", store, "--master", "local[2]");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("done: 8 runs"), run.out());
    assertTrue(run.err().startsWith("logs: " + dir.resolve("logs")), run.err());
    assertFalse(run.err().contains(" INFO "), "Spark INFO lines leaked to the terminal:\n" + run.err());
    assertFalse(run.out().contains(" INFO "), run.out());
    try (var logs = Files.list(dir.resolve("logs"))) {
      Path log = logs.findFirst().orElseThrow();
      assertTrue(Files.readString(log).contains("SparkContext"), "Spark logs go to the log file");
    }

    Result sql = sweep("sql", "SELECT count(*) AS n FROM runs WHERE status = 'ok'", "--store", store,
        "--format", "csv");
    assertEquals(0, sql.code(), sql.err());
    assertEquals("n\r\n8\r\n", sql.out());
  }

  @Test
  void aMissingSweepFileIsAUserErrorWithExitCodeTwo() throws Exception {
    Result r = sweep("plan", "conf/sweeps/no-such.conf");
    assertEquals(2, r.code());
    assertEquals("error: sweep file not found: conf/sweeps/no-such.conf\n", r.err());
  }
}
