package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.CliRun;
import io.sweep.driver.StoreSnapshot;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestStore;
import io.sweep.driver.TestSweeps;
import io.sweep.driver.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path through a real local SparkSession: sweep file → CLI {@code run} → Spark tasks →
 * DL4J training → Parquet store → {@code sql}/{@code status}; then resume and grid growth.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SweepEndToEndIT {
  @TempDir static Path dir;
  static Path store;
  static Path sweepFile;
  static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.session();
    store = dir.resolve("store");
    sweepFile = TestSweeps.write(dir, "tiny.conf", TestSweeps.tiny("e2e"));
  }

  static CliRun cli(String verb, String... more) {
    return TestStore.in(dir).cli(verb, more);
  }

  private static List<Row> query(String sql) {
    return TestStore.in(dir).rows(sql);
  }

  @Test
  @Order(1)
  void runWritesOneRowPerPlannedRun() {
    CliRun run = cli("run", sweepFile.toString(), "--quiet");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("8 runs planned, 0 already in"), run.out());
    assertTrue(run.out().contains("done: 8 runs"), run.out());

    List<Row> rows = query(
        "SELECT count(*), count(DISTINCT run_id), count_if(status = 'ok'), "
            + "count_if(isnan(train_loss) OR train_loss IS NULL), min(steps_done), max(steps_done) "
            + "FROM runs WHERE sweep = 'e2e'");
    Row r = rows.get(0);
    assertEquals(8L, r.getLong(0));
    assertEquals(8L, r.getLong(1));
    assertEquals(8L, r.getLong(2));
    assertEquals(0L, r.getLong(3));
    assertEquals(60L, r.getLong(4));
    assertEquals(60L, r.getLong(5));
  }

  @Test
  @Order(2)
  void rowsRecordTheirParametersAndARealLoss() {
    List<Row> rows = query(
        "SELECT lr, batch_size, seed, width, input_dim, samples, train_loss, test_loss, device, "
            + "executor, engine_version FROM runs WHERE sweep = 'e2e' ORDER BY lr, batch_size, seed");
    assertEquals(0.02, rows.get(0).getDouble(0));
    assertEquals(4, rows.get(0).getInt(1));
    assertEquals(0, rows.get(0).getInt(2));
    assertEquals(0.05, rows.get(7).getDouble(0));
    assertEquals(8, rows.get(7).getInt(1));
    assertEquals(1, rows.get(7).getInt(2));
    for (Row r : rows) {
      assertEquals(8, r.getInt(3));
      assertEquals(4, r.getInt(4));
      assertEquals(16, r.getInt(5));
      double train = r.getDouble(6);
      assertTrue(train > 0 && train < 5, "train loss " + train);
      assertTrue(r.getDouble(7) > 0, "test loss");
      assertEquals("cpu", r.getString(8));
      assertTrue(r.getString(9).startsWith("driver@"), r.getString(9));
      assertTrue(!r.getString(10).isBlank());
    }
  }

  @Test
  @Order(2)
  void rowsCarryDiagnosticsAndEachRunHasItsTrajectory() {
    Row d = query("SELECT count_if(independent_neurons BETWEEN 1 AND 8), count_if(stable_rank >= 1), "
        + "count_if(hessian_max_eig > 0), count_if(hessian_method = 'exact'), "
        + "count_if(abs(stability_ratio - lr * hessian_max_eig / 2) < 1e-12), "
        + "count_if(abs(collapse_fraction - (1 - independent_neurons / 8.0)) < 1e-12), "
        + "count_if(interpolated IS NOT NULL AND ols_distance >= 0) FROM runs WHERE sweep = 'e2e'").get(0);
    for (int i = 0; i < 7; i++) {
      assertEquals(8L, d.getLong(i), "diagnostic check " + i);
    }
    // 60 steps logged every 20: steps 0, 20, 40, 60 for each of the 8 runs.
    List<Row> t = query("SELECT run_id, array_sort(collect_list(step)) FROM (SELECT * FROM trajectories "
        + "WHERE sweep = 'e2e' ORDER BY run_id, step) GROUP BY run_id");
    assertEquals(8, t.size());
    for (Row r : t) {
      assertEquals(List.of(0L, 20L, 40L, 60L), r.getList(1));
    }
    Row last = query("SELECT count(*) FROM trajectories t JOIN runs r USING (sweep, run_id) "
        + "WHERE t.sweep = 'e2e' AND t.step = r.steps AND t.train_loss = r.train_loss "
        + "AND t.independent_neurons = r.independent_neurons").get(0);
    assertEquals(8L, last.getLong(0));
  }

  @Test
  @Order(3)
  void sweepsViewHoldsTheResolvedConfigAndPlannedRuns() {
    List<Row> rows = query("SELECT name, planned_runs, config, ended_at FROM sweeps WHERE sweep = 'e2e'");
    assertEquals(1, rows.size());
    assertEquals("e2e", rows.get(0).getString(0));
    assertEquals(8L, rows.get(0).getLong(1));
    String config = rows.get(0).getString(2);
    assertTrue(config.contains("steps=60") || config.contains("steps = 60"), config);
    assertTrue(rows.get(0).get(3) != null, "ended_at set");
  }

  @Test
  @Order(4)
  void rerunResumesAndRunsNothingTwice() {
    CliRun again = cli("run", sweepFile.toString(), "--quiet");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("8 already in"), again.out());
    assertTrue(again.out().contains("nothing to do"), again.out());
    assertEquals(8L, query("SELECT count(*) FROM runs WHERE sweep = 'e2e'").get(0).getLong(0));
  }

  @Test
  @Order(5)
  void addingSeedsRunsOnlyTheNewCells() {
    CliRun grown = cli("run", sweepFile.toString(), "--quiet", "--set", "sweep.grid.seed=[0,1,2]");
    assertEquals(0, grown.code(), grown.err());
    assertTrue(grown.out().contains("12 runs planned, 8 already in"), grown.out());
    assertTrue(grown.out().contains("4 to run"), grown.out());
    Row r = query("SELECT count(*), count(DISTINCT run_id), count_if(seed = 2) FROM runs WHERE sweep = 'e2e'").get(0);
    assertEquals(12L, r.getLong(0));
    assertEquals(12L, r.getLong(1));
    assertEquals(4L, r.getLong(2));
  }

  @Test
  @Order(6)
  void sqlVerbPrintsTablesCsvAndJson() {
    CliRun table = cli("sql", "SELECT lr, batch_size, count(*) AS n FROM runs GROUP BY 1, 2 ORDER BY 1, 2");
    assertEquals(0, table.code(), table.err());
    List<String> lines = table.out().lines().toList();
    assertEquals("lr    batch_size  n", lines.get(0));
    assertEquals("0.02  4           3", lines.get(2));
    assertEquals(6, lines.size());

    CliRun csv = cli("sql", "SELECT lr, count(*) AS n FROM runs GROUP BY lr ORDER BY lr", "--format", "csv");
    assertEquals("lr,n\n0.02,6\n0.05,6\n", csv.out());

    CliRun json = cli("sql", "SELECT lr, count(*) AS n FROM runs GROUP BY lr ORDER BY lr", "--format", "json");
    assertEquals("{\"lr\":0.02,\"n\":6}\n{\"lr\":0.05,\"n\":6}\n", json.out());
  }

  @Test
  @Order(7)
  void sqlErrorsAreUserErrors() {
    CliRun bad = cli("sql", "SELECT nosuchcolumn FROM runs");
    assertEquals(2, bad.code());
    assertTrue(bad.err().startsWith("error: SQL error:"), bad.err());
    assertTrue(bad.err().contains("nosuchcolumn"), bad.err());
  }

  @Test
  @Order(8)
  void statusCountsDoneAndPlanned() {
    CliRun status = cli("status");
    assertEquals(0, status.code(), status.err());
    String line = status.out().lines().filter(l -> l.startsWith("e2e ")).findFirst().orElseThrow();
    assertTrue(line.matches("e2e\\s+12\\s+12\\s+12\\s+0\\s+0\\s.*"), line);
  }

  @Test
  @Order(9)
  void aHugeStepSizeIsADivergedRowNotAFailure() {
    Path diverging = TestSweeps.write(dir, "diverge.conf", TestSweeps.tiny("e2e-diverge")
        .replace("lr = [0.02, 0.05]", "lr = [0.05, 500]").replace("seed = [0, 1]", "seed = [0]"));
    CliRun run = cli("run", diverging.toString(), "--quiet");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("2 ok, 2 diverged, 0 failed"), run.out());
    List<Row> rows = query("SELECT lr, status, error, train_loss, steps_done FROM runs "
        + "WHERE sweep = 'e2e-diverge' ORDER BY lr, batch_size");
    assertEquals("ok", rows.get(1).getString(1));
    for (Row diverged : rows.subList(2, 4)) {
      assertEquals("diverged", diverged.getString(1));
      assertTrue(diverged.getString(2).contains("at step"), diverged.getString(2));
      assertNull(diverged.get(3));
      assertTrue(diverged.getLong(4) < 60);
    }
  }

  @Test
  @Order(10)
  void badConfigExitsWithTwoAndLeavesTheStoreAsItWas() {
    Map<String, String> before = StoreSnapshot.of(store);
    Path bad = TestSweeps.write(dir, "bad.conf", TestSweeps.tiny("e2e").replace("lr = [0.02, 0.05]", "lr = [0.02, -1]"));
    CliRun run = cli("run", bad.toString(), "--quiet");
    assertEquals(2, run.code());
    assertEquals("error: invalid configuration:\n  " + bad + ":3: sweep.grid.lr[1]: value -1 must be > 0\n",
        run.err());
    assertEquals(before, StoreSnapshot.of(store));
  }

  @Test
  @Order(11)
  void changingAFixedSettingUnderTheSameNameIsRefusedAndLeavesTheStoreAsItWas() {
    Map<String, String> before = StoreSnapshot.of(store);
    CliRun run = cli("run", sweepFile.toString(), "--quiet", "--set", "sweep.train.steps=80");
    assertEquals(2, run.code(), run.out());
    assertTrue(run.err().contains("sweep e2e in file:" + store + " holds runs with other settings than "
        + sweepFile + ":\n  steps: the file fixes 80, stored runs have 60\n"), run.err());
    assertTrue(run.err().contains("pass --new-version"), run.err());
    assertEquals(before, StoreSnapshot.of(store));
  }

  @Test
  @Order(12)
  void newVersionRunsTheChangedFileUnderTheNextVersionName() {
    CliRun run = cli("run", sweepFile.toString(), "--quiet", "--set", "sweep.train.steps=80",
        "--set", "sweep.grid.seed=[0]", "--new-version");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("running it as e2e.v2"), run.out());
    Row r = query("SELECT count(*), min(steps), max(steps) FROM runs WHERE sweep = 'e2e.v2'").get(0);
    assertEquals(4L, r.getLong(0));
    assertEquals(80L, r.getLong(1));
    assertEquals(80L, r.getLong(2));
    assertEquals(12L, query("SELECT count(*) FROM runs WHERE sweep = 'e2e'").get(0).getLong(0));
  }

  @Test
  @Order(13)
  void aRunCommittedTwiceIsSeenOnceByEveryReader() {
    Store s = Store.open(spark, store.toString());
    List<Row> rows = s.read(io.sweep.driver.store.Tables.RUNS, io.sweep.driver.store.Tables.RUNS_SCHEMA)
        .where("sweep = 'e2e' AND seed = 2").collectAsList();
    assertEquals("sweep", s.runs().columns()[0]);
    assertEquals(4, rows.size());
    s.append(io.sweep.driver.store.Tables.RUNS, io.sweep.driver.store.Tables.RUNS_SCHEMA, rows);
    assertEquals(16L, spark.read().parquet(store.resolve("runs").toString()).where("sweep = 'e2e'").count());
    assertEquals(12L, query("SELECT count(*) FROM runs WHERE sweep = 'e2e'").get(0).getLong(0));
    assertEquals(12, s.runIds("e2e").size());
    CliRun status = cli("status");
    String line = status.out().lines().filter(l -> l.startsWith("e2e ")).findFirst().orElseThrow();
    assertTrue(line.matches("e2e\\s+12\\s+12\\s+12\\s+0\\s+0\\s.*"), line);
  }
}
