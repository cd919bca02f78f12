package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.SweepProcess;
import io.sweep.driver.TestSweeps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

  /**
   * DESIGN.md, Safety: in local mode the Spark UI (when switched on) and the driver listen on the
   * loopback address only. Read from the kernel's socket table (ss), no traffic sent.
   */
  @Test
  void inLocalModeTheSparkUiListensOnTheLoopbackAddressOnly() throws Exception {
    Path ss = Path.of("/usr/bin/ss");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(ss), "ss is not installed");
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path conf = TestSweeps.write(dir, "ui.conf",
        TestSweeps.tiny("ui").replace("steps = 60", "steps = 20000"));
    SweepProcess p = SweepProcess.start(dir, "run", conf.toString(), "--store",
        dir.resolve("store").toString(), "--quiet", "--conf", "spark.ui.enabled=true",
        "--conf", "spark.ui.port=" + port);
    try {
      List<String> listening = List.of();
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (listening.isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(200);
        Process q = new ProcessBuilder(ss.toString(), "-ltnH", "sport = :" + port).start();
        listening = new String(q.getInputStream().readAllBytes()).lines()
            .filter(l -> !l.isBlank()).toList();
        q.waitFor();
      }
      assertFalse(listening.isEmpty(), "the UI never listened on port " + port);
      // 127.0.0.1, or the same address on an IPv6 socket ([::ffff:127.0.0.1]), or [::1]
      java.util.regex.Pattern loopback = java.util.regex.Pattern.compile(
          "\\s(127\\.0\\.0\\.1|\\[::ffff:127\\.0\\.0\\.1]|\\[::1]):" + port + "\\s");
      for (String line : listening) {
        assertTrue(loopback.matcher(line + " ").find(), "listens beyond loopback: " + line);
      }
    } finally {
      p.kill();
    }
  }

  @Test
  void planPrintsAxesRunsAndCostOfTheQuickstart()  {
    SweepProcess.Result r = sweep("plan", "conf/sweeps/quickstart.conf");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("runs: 24"), r.out());
    // four shapes (batch size × samples) of six runs each: a pack per shape
    assertTrue(r.out().contains("packs: 4 of at most 16 runs (engine.pack-size = 64, "
        + "engine.min-packs = 16)"), r.out());
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

  /**
   * Class-data sharing: the first Spark command after a build writes the archive as it exits,
   * without a word on stdout; the next command loads sweep's own classes from it; an archive
   * older than the build is left unused; SWEEP_CDS=0 neither writes nor uses one.
   */
  @Test
  void theFirstSparkCommandWritesAClassArchiveThatLaterCommandsLoadAndAStaleOneIsNotUsed()
      throws Exception {
    Path target = SweepProcess.ROOT.resolve("sweep-driver/target");
    for (Path old : archives(target)) {
      Files.delete(old);
    }
    Path conf = TestSweeps.write(dir, "cds.conf", TestSweeps.tiny("cds"));
    String store = dir.resolve("store").toString();
    Map<String, String> cds = Map.of("SWEEP_CDS", "1");
    SweepProcess.Result run = SweepProcess.start(dir, cds, "run", conf.toString(), "--store", store,
        "--quiet").await();
    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().contains("writes a class-data archive"), run.err());
    assertFalse(run.out().contains("[cds") || run.err().contains("[cds"), "the JVM's CDS messages are off");
    List<Path> written = archives(target);
    assertEquals(1, written.size(), "one archive, no file of a dump left: " + written);
    assertTrue(written.get(0).getFileName().toString().matches("classes-\\d+\\.jsa"), written.toString());

    Path loads = dir.resolve("class-load.txt");
    SweepProcess.Result sql = SweepProcess.start(dir, Map.of("SWEEP_CDS", "1", "SWEEP_JAVA_OPTS",
        "-Xlog:class+load=info:file=" + loads), "sql", "SELECT count(*) AS n FROM runs", "--store",
        store, "--format", "csv").await();
    assertEquals(0, sql.code(), sql.err());
    assertEquals("n\n8\n", sql.out(), "only the result on stdout");
    assertFalse(sql.err().contains("class-data archive"), sql.err());
    assertTrue(loadedFromArchive(loads, "io.sweep.driver.cli.SqlCommand"), "sweep's classes come from the archive");

    // a build newer than the archive: not used (and --version does not write a new one)
    Files.setLastModifiedTime(written.get(0), java.nio.file.attribute.FileTime.fromMillis(0));
    Files.delete(loads);
    SweepProcess.Result stale = SweepProcess.start(dir, Map.of("SWEEP_CDS", "1", "SWEEP_JAVA_OPTS",
        "-Xlog:class+load=info:file=" + loads), "--version").await();
    assertEquals(0, stale.code(), stale.err());
    assertTrue(stale.out().startsWith("sweep 0."), stale.out());
    assertFalse(loadedFromArchive(loads, "io.sweep.driver.cli.Main"), "a stale archive is not used");
    assertEquals(written, archives(target));

    // SWEEP_CDS=0: a fresh archive is not used either
    Files.setLastModifiedTime(written.get(0), java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
    Files.delete(loads);
    SweepProcess.Result off = SweepProcess.start(dir, Map.of("SWEEP_CDS", "0", "SWEEP_JAVA_OPTS",
        "-Xlog:class+load=info:file=" + loads), "--version").await();
    assertEquals(0, off.code(), off.err());
    assertFalse(loadedFromArchive(loads, "io.sweep.driver.cli.Main"), "SWEEP_CDS=0");
  }

  private static List<Path> archives(Path target) throws java.io.IOException {
    try (var files = Files.list(target)) {
      return files.filter(f -> f.getFileName().toString().startsWith("classes-")).sorted().toList();
    }
  }

  /** Whether the JVM's class-load log says {@code name} came from the dynamic archive. */
  private static boolean loadedFromArchive(Path log, String name) throws java.io.IOException {
    return Files.readAllLines(log).stream()
        .anyMatch(l -> l.contains(" " + name + " source: shared objects file (top)"));
  }
}
