package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.CliRun;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestStore;
import io.sweep.driver.TestSweeps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compact} on a tiny real sweep whose store holds what real use leaves: a run committed
 * twice, two phase computations, a commit killed long ago (a stale staging directory) and one in
 * flight (a fresh one). Afterwards each table holds one file per sweep with exactly the rows the
 * views showed before, the views are unchanged, the stale staging directory is gone and the fresh
 * one kept; an interrupted compaction (new file committed, old ones not yet deleted) shows readers
 * nothing twice, and the next compact finishes it.
 */
class CompactIT {
  private static final List<String> TABLES = List.of("runs", "trajectories", "phases", "thresholds");
  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void aStoreWithSmallFilesDuplicatesAndLeftovers() throws IOException {
    spark = TestSpark.session();
    assertEquals(0, cli("run", TestSweeps.write(dir, "tiny.conf", TestSweeps.tiny("cmp")).toString(), "--quiet").code());
    for (int i = 0; i < 2; i++) {
      assertEquals(0, cli("phase", "--sweep", "cmp", "--x", "lr", "--y", "batch_size", "--metric", "train_loss").code());
      assertEquals(0, cli("threshold", "--sweep", "cmp", "--axis", "lr").code());
    }
    for (String table : List.of("runs", "trajectories")) {
      Path file = files(table).get(0);
      Files.copy(file, file.resolveSibling("copy-" + file.getFileName()));
    }
    Path stale = Files.createDirectories(store().resolve("runs/_staging/killed-long-ago"));
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
    Files.createDirectories(store().resolve("runs/_staging/in-flight"));
  }

  static CliRun cli(String verb, String... more) {
    return TestStore.in(dir).cli(verb, more);
  }

  private static Path store() {
    return dir.resolve("store");
  }

  private static List<Path> files(String table) throws IOException {
    try (Stream<Path> files = Files.list(store().resolve(table).resolve("sweep=cmp"))) {
      return files.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
    }
  }

  /** Every view's rows of the sweep, as sorted text. */
  private static Map<String, List<String>> views() {
    Map<String, List<String>> views = new TreeMap<>();
    for (String table : TABLES) {
      views.put(table, TestStore.in(dir).rows("SELECT * FROM " + table + " WHERE sweep = 'cmp'")
          .stream().map(Row::toString).sorted().toList());
    }
    return views;
  }

  private static long rawRows(String table) throws IOException {
    return spark.read().parquet(files(table).stream().map(Path::toString).toArray(String[]::new)).count();
  }

  @Test
  void leavesOneFilePerTableWithExactlyTheViewsRows() throws IOException {
    Map<String, List<String>> before = views();
    assertEquals(8, before.get("runs").size());
    assertTrue(files("runs").size() >= 2 && files("phases").size() == 2, "small files to merge");
    // The sweep's commits (one or more: its tail is committed pack by pack) plus the copy.
    int runFiles = files("runs").size();
    long runRows = rawRows("runs");
    assertTrue(runRows > 8, "a run committed twice");

    CliRun r = cli("compact", "--sweep", "cmp");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches(
        "(?s).*\nruns +" + runFiles + " -> 1 +" + runRows + " -> 8 +1\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\nphases +2 -> 1 +8 -> 4 +0\n.*"), r.out());

    for (String table : TABLES) {
      assertEquals(1, files(table).size(), table);
      assertEquals(before.get(table).size(), rawRows(table), table + ": raw rows = view rows");
    }
    assertEquals(before, views());
    assertFalse(Files.exists(store().resolve("runs/_staging/killed-long-ago")));
    assertTrue(Files.exists(store().resolve("runs/_staging/in-flight")), "a commit in flight is kept");

    // Interrupted after the new file was committed, before the old ones were deleted.
    Path file = files("runs").get(0);
    Files.copy(file, file.resolveSibling("zz-" + file.getFileName()));
    Path phases = files("phases").get(0);
    Files.copy(phases, phases.resolveSibling("zz-" + phases.getFileName()));
    assertEquals(before, views(), "readers see nothing twice");
    assertEquals(0, cli("compact", "--sweep", "cmp").code());
    assertEquals(1, files("runs").size());
    assertEquals(1, files("phases").size());
    assertEquals(before, views());

    CliRun again = cli("compact", "--sweep", "cmp");
    assertTrue(again.out().matches("(?s).*\nruns +1 -> 1 +8 -> 8 +0\n.*"), again.out());
  }

  @Test
  void anUnknownSweepIsAUserErrorNamingTheKnownOnes() {
    CliRun r = cli("compact", "--sweep", "nope");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--sweep 'nope': no such sweep") && r.err().contains("cmp"), r.err());
  }
}
