package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.SweepProcess;
import io.sweep.driver.TestSpark;
import io.sweep.driver.store.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under crashes, with real processes: {@code bin/sweep run} is killed with SIGKILL
 * at several points of a sweep, then re-run until done. Every planned run must be in the store
 * exactly once — counted in the raw Parquet files, not through the de-duplicating view — and no
 * run committed before a kill may run again.
 */
class CrashResumeIT {
  static final int RUNS = 24;

  @TempDir Path dir;

  /** 3 lr × 2 batch × 4 seeds = 24 runs of 200 steps, in packs of 2, each committed as it ends. */
  private Path sweepFile() throws IOException {
    Path f = dir.resolve("crash.conf");
    Files.writeString(f, """
        sweep {
          name = crash
          grid { lr = [0.01, 0.02, 0.05], batch-size = [4, 8], seed = [0, 1, 2, 3] }
          model { width = 8 }
          data { input-dim = 4, samples = 16, test-samples = 64 }
          train { steps = 200, log-every = 100 }
        }
        """);
    return f;
  }

  private SweepProcess start(Path conf, Path store) {
    return SweepProcess.start(dir, "run", conf.toString(), "--store", store.toString(), "--quiet",
        "--master", "local[2]", "--set", "engine.pack-size=2", "--set", "engine.commit-interval=0");
  }

  private static long committedFiles(Path store) throws IOException {
    Path runs = store.resolve("runs/sweep=crash");
    if (!Files.isDirectory(runs)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(runs)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).count();
    }
  }

  /** Raw rows: run id → finished_at, failing on any duplicate. */
  private static Map<String, Timestamp> rawRows(Path store) {
    SparkSession spark = TestSpark.session();
    Map<String, Timestamp> rows = new HashMap<>();
    if (!Files.isDirectory(store.resolve("runs"))) {
      return rows;
    }
    List<Row> all = spark.read().schema(Tables.RUNS_SCHEMA).parquet(store.resolve("runs").toString())
        .select("run_id", "finished_at").collectAsList();
    for (Row r : all) {
      Timestamp previous = rows.put(r.getString(0), r.getTimestamp(1));
      assertEquals(null, previous, "run " + r.getString(0) + " is stored twice");
    }
    return rows;
  }

  private static void waitFor(SweepProcess p, Path store, long files) throws Exception {
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (committedFiles(store) < files) {
      assertTrue(p.isAlive(), () -> "bin/sweep ended before " + files + " commits: " + p.await());
      assertTrue(System.nanoTime() < deadline, "no " + files + " commits in 3 minutes");
      Thread.sleep(50);
    }
  }

  @Test
  void killedAtSeveralPointsTheSweepEndsWithEveryRunExactlyOnce() throws Exception {
    Path conf = sweepFile();
    Path store = dir.resolve("store");
    int kills = 0;

    // 1. Killed during start-up, before any commit.
    SweepProcess p = start(conf, store);
    Thread.sleep(2_000);
    p.kill();
    kills++;
    Map<String, Timestamp> before = rawRows(store);
    assertEquals(0, committedFiles(store));

    // 2. Killed right after the first pack was committed, 3. in the middle of the sweep.
    for (long commits : new long[] {1, 3}) {
      p = start(conf, store);
      waitFor(p, store, committedFiles(store) + commits);
      p.kill();
      kills++;
      Map<String, Timestamp> after = rawRows(store);
      for (Map.Entry<String, Timestamp> e : before.entrySet()) {
        assertEquals(e.getValue(), after.get(e.getKey()), "a committed run was run again");
      }
      assertTrue(after.size() > before.size(), "the resumed run committed something");
      assertTrue(after.size() < RUNS, "killed before the end");
      before = after;
    }

    // Finally run to the end: only the runs not yet stored are run.
    SweepProcess.Result last = start(conf, store).await();
    assertEquals(0, last.code(), last.err());
    assertTrue(last.out().contains(before.size() + " already in"), last.out());
    Map<String, Timestamp> done = rawRows(store);
    assertEquals(RUNS, done.size());
    for (Map.Entry<String, Timestamp> e : before.entrySet()) {
      assertEquals(e.getValue(), done.get(e.getKey()), "a committed run was run again");
    }
    assertEquals(3, kills);
  }

  /**
   * A native crash (here SIGABRT, as glibc raises it on a corrupted heap) runs no Java code, so the
   * launcher says what happened and how to resume; the resume then finishes the sweep.
   */
  @Test
  void aNativeCrashOfTheJvmIsReportedWithTheCommandThatResumes() throws Exception {
    Path conf = sweepFile();
    Path store = dir.resolve("store");
    SweepProcess p = start(conf, store);
    waitFor(p, store, 1);
    p.signalJvm("ABRT");
    SweepProcess.Result crashed = p.await();
    assertEquals(134, crashed.code(), crashed.err());
    assertTrue(crashed.err().contains("error: sweep's JVM died of SIGABRT (exit 134)"),
        crashed.err());
    assertTrue(crashed.err().contains("the same command resumes the sweep"), crashed.err());
    assertTrue(crashed.err().contains("bin/sweep run " + conf + " --store " + store),
        crashed.err());
    int committed = rawRows(store).size();
    assertTrue(committed > 0 && committed < RUNS, "committed before the crash: " + committed);

    SweepProcess.Result resumed = start(conf, store).await();
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains(committed + " already in"), resumed.out());
    assertEquals(RUNS, rawRows(store).size());
  }

  @Test
  void twoConcurrentRunsOfTwoSweepsIntoOneStoreLoseAndDuplicateNothing() throws Exception {
    Path conf = sweepFile();
    Path other = dir.resolve("other.conf");
    Files.writeString(other, Files.readString(conf).replace("name = crash", "name = other"));
    Path store = dir.resolve("shared-store");
    SweepProcess a = start(conf, store);
    SweepProcess b = SweepProcess.start(dir, "run", other.toString(), "--store", store.toString(),
        "--quiet", "--master", "local[2]", "--set", "engine.pack-size=2", "--set", "engine.commit-interval=0");
    SweepProcess c = start(conf, store); // the same sweep from a second terminal
    SweepProcess.Result ra = a.await();
    SweepProcess.Result rb = b.await();
    SweepProcess.Result rc = c.await();
    assertEquals(0, ra.code(), ra.err());
    assertEquals(0, rb.code(), rb.err());
    assertEquals(0, rc.code(), rc.err());

    SparkSession spark = TestSpark.session();
    List<Row> counts = spark.read().schema(Tables.RUNS_SCHEMA).parquet(store.resolve("runs").toString())
        .groupBy("sweep").agg(org.apache.spark.sql.functions.countDistinct("run_id"),
            org.apache.spark.sql.functions.count("*"))
        .orderBy("sweep").collectAsList();
    assertEquals("crash", counts.get(0).getString(0));
    assertEquals(RUNS, counts.get(0).getLong(1));
    assertEquals("other", counts.get(1).getString(0));
    assertEquals(RUNS, counts.get(1).getLong(1));
    assertEquals(RUNS, counts.get(1).getLong(2), "the other sweep ran once");
    // The same sweep started twice at once may train a run in both before either commits; the
    // store keeps both rows but every reader sees one.
    CliRunView view = CliRunView.of(store);
    assertEquals(RUNS, view.count("crash"));
    assertEquals(RUNS, view.count("other"));
  }

  /** Counts through the {@code runs} view, as every reader sees the store. */
  record CliRunView(Path store) {
    static CliRunView of(Path store) {
      return new CliRunView(store);
    }

    long count(String sweep) {
      var s = io.sweep.driver.store.Store.open(TestSpark.session(), store.toString());
      return s.runs().where("sweep = '" + sweep + "'").count();
    }
  }
}
