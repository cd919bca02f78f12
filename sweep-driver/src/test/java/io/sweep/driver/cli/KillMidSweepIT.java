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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability bounded by time, with a real process (issue 17: a 2,000-run sweep killed with SIGKILL
 * after 40 s): {@code bin/sweep run} (no barrier, packs
 * committed within {@code engine.commit-interval} of finishing) is killed with SIGKILL in the
 * middle of a sweep. Every pack the driver logged as finished more than the commit interval
 * before the kill must be in the store — counted in the raw Parquet files — and the resumed sweep
 * trains no committed run again and ends with every run exactly once.
 */
class KillMidSweepIT {
  static final int SEEDS = 100;
  static final int RATES = 20;
  static final int RUNS = RATES * SEEDS;
  /** The moment of the kill, after the start of {@code bin/sweep}. */
  static final long KILL_AFTER_MS = 40_000;
  /** The commit interval of the test, and a margin for the rename and the log's own delay. */
  static final long INTERVAL_MS = 2_000;
  static final long MARGIN_MS = 1_000;

  @TempDir Path dir;

  /**
   * 20 lr × 100 seeds = 2,000 runs of 25,000 steps, in packs of 10 (half the rates of one seed):
   * 200 packs, about a minute on two idle cores, so that the kill at 40 s falls mid-sweep.
   */
  private Path sweepFile() throws IOException {
    Path f = dir.resolve("kill.conf");
    String seeds = IntStream.range(0, SEEDS).mapToObj(Integer::toString)
        .collect(Collectors.joining(", "));
    String rates = IntStream.rangeClosed(1, RATES).mapToObj(i -> Double.toString(0.002 * i))
        .collect(Collectors.joining(", "));
    Files.writeString(f, """
        sweep {
          name = kill
          grid { lr = [%s], seed = [%s] }
          model { width = 16 }
          data { input-dim = 8, samples = 64, test-samples = 256 }
          train { steps = 25000, log-every = 5000, batch-size = 8 }
        }
        """.formatted(rates, seeds));
    return f;
  }

  private SweepProcess start(Path conf, Path store) {
    return SweepProcess.start(dir, "run", conf.toString(), "--store", store.toString(), "--quiet",
        "--master", "local[2]", "--set", "engine.pack-size=10",
        "--set", "engine.commit-interval=" + INTERVAL_MS + "ms");
  }

  /** Raw rows: run id → finished_at, failing on any duplicate. */
  private static Map<String, Timestamp> rawRows(Path store) {
    Map<String, Timestamp> rows = new HashMap<>();
    if (!Files.isDirectory(store.resolve("runs"))) {
      return rows;
    }
    List<Row> all = TestSpark.session().read().schema(Tables.RUNS_SCHEMA)
        .parquet(store.resolve("runs").toString()).select("run_id", "finished_at").collectAsList();
    for (Row r : all) {
      Timestamp previous = rows.put(r.getString(0), r.getTimestamp(1));
      assertEquals(null, previous, "run " + r.getString(0) + " is stored twice");
    }
    return rows;
  }

  /** The "pack done" lines of the driver's log so far, in order: the runs of each. */
  private List<List<String>> packsDone() throws IOException {
    List<List<String>> packs = new ArrayList<>();
    Path logs = dir.resolve("logs");
    if (!Files.isDirectory(logs)) {
      return packs;
    }
    try (Stream<Path> files = Files.list(logs)) {
      for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
        // Complete lines only: the driver is writing the log while the test reads it, and a
        // line cut mid-id would count a truncated run id as done.
        String text = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8);
        text = text.substring(0, text.lastIndexOf('\n') + 1);
        for (String line : text.split("\n")) {
          int at = line.indexOf("pack done: ");
          if (at >= 0) {
            String ids = line.substring(line.indexOf(": ", at + "pack done: ".length()) + 2).trim();
            packs.add(List.of(ids.split(",")));
          }
        }
      }
    }
    return packs;
  }

  @Test
  void packsFinishedBeforeTheCommitIntervalSurviveASigkillAndAreNotTrainedAgain() throws Exception {
    Path conf = sweepFile();
    Path store = dir.resolve("store");
    long started = System.currentTimeMillis();
    SweepProcess p = start(conf, store);
    // Watch the log: when the test first sees a pack done (never before it was done).
    Map<String, Long> seenAt = new LinkedHashMap<>();
    long deadline = started + 180_000;
    while (true) {
      assertTrue(p.isAlive(), () -> "bin/sweep ended before it was killed: " + p.await());
      assertTrue(System.currentTimeMillis() < deadline, "no packs in 3 minutes");
      long now = System.currentTimeMillis();
      for (List<String> pack : packsDone()) {
        for (String id : pack) {
          seenAt.putIfAbsent(id, now);
        }
      }
      // At 40 s (the moment), once packs have been done for several commit intervals; on
      // a machine fast enough to be near the end by then, earlier, so the kill stays mid-sweep.
      boolean late = now - started >= KILL_AFTER_MS;
      boolean nearTheEnd = seenAt.size() >= RUNS * 3 / 4;
      if ((late || nearTheEnd) && seenAt.size() >= 3 * 10) {
        break;
      }
      Thread.sleep(100);
    }
    long killedAt = System.currentTimeMillis();
    p.kill();
    System.out.printf("KillMidSweepIT: killed after %.1f s with %d runs seen done%n",
        (killedAt - started) / 1e3, seenAt.size());

    Map<String, Timestamp> stored = rawRows(store);
    assertTrue(stored.size() < RUNS, "killed before the end: " + stored.size() + " runs stored");
    List<String> old = seenAt.entrySet().stream()
        .filter(e -> e.getValue() < killedAt - INTERVAL_MS - MARGIN_MS).map(Map.Entry::getKey).toList();
    assertTrue(old.size() >= 3, "packs finished long before the kill: " + old.size());
    for (String id : old) {
      assertTrue(stored.containsKey(id), "run " + id + " finished more than " + INTERVAL_MS
          + " ms before the kill but is not in the store");
    }

    SweepProcess.Result resumed = start(conf, store).await();
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains(stored.size() + " already in"), resumed.out());
    Map<String, Timestamp> done = rawRows(store);
    assertEquals(RUNS, done.size());
    for (Map.Entry<String, Timestamp> e : stored.entrySet()) {
      assertEquals(e.getValue(), done.get(e.getKey()), "a committed run was trained again");
    }
  }
}
