package io.sweep.driver.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT96;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.CliRun;
import io.sweep.driver.ParquetFooters;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestStore;
import io.sweep.driver.config.ConfigLoader;
import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.store.Store;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by release 0.1.0 (before the reshaping of issue 13: the fixture
 * {@code fixtures/store-0.1.0}, made by {@code bin/sweep run fixtures/legacy.conf} and one
 * {@code bin/sweep phase} of that release) is read, resumed and extended by today's code without a
 * conflict: its run ids, settings and tables mean what they meant.
 */
class LegacyStoreIT {

  static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  @TempDir Path dir;

  private Path copyOfTheFixture() {
    Path store = dir.resolve("store");
    TestStore.copyTree(FIXTURES.resolve("store-0.1.0"), store);
    return store;
  }

  private SweepSettings legacy(String... overrides) {
    Path conf = FIXTURES.resolve("legacy.conf");
    return SettingsParser.all(ConfigLoader.load(conf, List.of(overrides)), conf.toString()).sweep();
  }

  @Test
  void aStoreOfRelease010IsReadResumedAndExtendedWithoutAConflict() {
    Path store = copyOfTheFixture();
    TestStore test = new TestStore(store, dir.resolve("logs"));
    assertEquals(8L, test.rows("SELECT count(*) FROM runs WHERE sweep = 'legacy'").get(0).getLong(0));
    // steps 0, 20, 40, 60 of each of the 8 runs
    assertEquals(32L, test.rows("SELECT count(*) FROM trajectories").get(0).getLong(0));
    assertEquals(4L, test.rows("SELECT count(*) FROM phases").get(0).getLong(0)); // one diagram, 4 cells
    assertEquals(8L, test.rows(
        "SELECT count(*) FROM runs WHERE status = 'ok' AND train_loss > 0 AND hessian_max_eig IS NOT NULL")
        .get(0).getLong(0));

    EngineSettings engine = SettingsParser.engine(ConfigLoader.load(null, List.of()))
        .withStore(store.toString());
    Sweeps sweeps = Sweeps.open(TestSpark.session(), engine);
    Launch resume = sweeps.prepare(legacy(), null); // a conflict would throw
    assertFalse(resume.newVersion());
    assertEquals(8, resume.stored(), "today's run ids differ from the stored ones");
    assertEquals(0, resume.pending().size());

    Launch extended = sweeps.prepare(legacy("sweep.grid.seed=[0, 1, 2]"), null);
    assertEquals(8, extended.stored());
    assertEquals(4, extended.pending().size());
    assertEquals(4, sweeps.run(extended, n -> {}).ran());
    assertEquals(12L, test.rows("SELECT count(*) FROM runs WHERE sweep = 'legacy'").get(0).getLong(0));

    CliRun status = test.cli("status");
    assertEquals(0, status.code(), status.err());
  }

  /**
   * Files of release 0.1.0 hold their timestamps as INT96, files written today as INT64
   * TIMESTAMP(MICROS, UTC) (docs/reading-the-store.md); one table mixing both reads as one: the
   * {@code runs} view over the fixture extended by 4 runs has every {@code finished_at}, the old
   * ones unchanged, the new ones later; the {@code sweeps} view spans both kinds of files.
   */
  @Test
  void oldInt96AndNewMicrosTimestampsReadTogether() {
    Path store = copyOfTheFixture();
    TestStore test = new TestStore(store, dir.resolve("logs"));
    List<Path> oldRuns = ParquetFooters.dataFiles(store.resolve("runs"));
    List<Path> oldLog = ParquetFooters.dataFiles(store.resolve("sweeps"));
    assertEquals(1, oldRuns.size());
    assertEquals(INT96, type(oldRuns.get(0), "finished_at").getPrimitiveTypeName());
    Map<String, Timestamp> before = finishedAt(test);
    assertEquals(8, before.size());
    Timestamp started = test.rows("SELECT started_at FROM sweeps").get(0).getTimestamp(0);

    EngineSettings engine = SettingsParser.engine(ConfigLoader.load(null, List.of()))
        .withStore(store.toString());
    Sweeps sweeps = Sweeps.open(TestSpark.session(), engine);
    assertEquals(4, sweeps.run(sweeps.prepare(legacy("sweep.grid.seed=[0, 1, 2]"), null), n -> {}).ran());

    List<Path> newRuns = new ArrayList<>(ParquetFooters.dataFiles(store.resolve("runs")));
    newRuns.removeAll(oldRuns);
    List<Path> newLog = new ArrayList<>(ParquetFooters.dataFiles(store.resolve("sweeps")));
    newLog.removeAll(oldLog);
    assertFalse(newRuns.isEmpty());
    assertEquals(2, newLog.size()); // the start and the end of the extending invocation
    for (Path file : newRuns) {
      assertMicros(type(file, "finished_at"));
    }
    for (Path file : newLog) {
      assertMicros(type(file, "started_at"));
    }
    assertEquals(INT96, type(oldLog.get(0), "started_at").getPrimitiveTypeName());

    Map<String, Timestamp> after = finishedAt(test);
    assertEquals(12, after.size());
    Timestamp lastOld = before.values().stream().max(Timestamp::compareTo).orElseThrow();
    for (Map.Entry<String, Timestamp> e : after.entrySet()) {
      assertNotNull(e.getValue(), e.getKey());
      if (before.containsKey(e.getKey())) {
        assertEquals(before.get(e.getKey()), e.getValue(), "an INT96 finished_at changed: " + e.getKey());
      } else {
        assertTrue(e.getValue().after(lastOld), e.getKey() + " " + e.getValue() + " <= " + lastOld);
      }
    }
    List<Row> log = test.rows("SELECT started_at, ended_at, invocations FROM sweeps WHERE sweep = 'legacy'");
    assertEquals(started, log.get(0).getTimestamp(0), "the first start is the INT96 one");
    assertTrue(log.get(0).getTimestamp(1).after(lastOld), "the last end is a MICROS one");
    assertEquals(2L, log.get(0).getLong(2));
    assertEquals(4L, test.rows("SELECT count(*) FROM runs WHERE finished_at > TIMESTAMP '"
        + lastOld + "'").get(0).getLong(0), "timestamp comparisons span both kinds of file");
  }

  private static Map<String, Timestamp> finishedAt(TestStore test) {
    Map<String, Timestamp> out = new TreeMap<>();
    for (Row r : test.rows("SELECT run_id, finished_at FROM runs WHERE sweep = 'legacy'")) {
      out.put(r.getString(0), r.getTimestamp(1));
    }
    return out;
  }

  private static PrimitiveType type(Path file, String column) {
    return ParquetFooters.schema(file).getType(column).asPrimitiveType();
  }

  private static void assertMicros(PrimitiveType type) {
    assertEquals(INT64, type.getPrimitiveTypeName(), type.toString());
    assertEquals(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS),
        type.getLogicalTypeAnnotation(), type.toString());
  }

  /**
   * The columns added since 0.1.0 (the model space's parameters, {@code trainer}): the old rows
   * read every parameter at its neutral value and {@code trainer} as null; the rows that extend
   * the store record the trainer that trained them.
   */
  @Test
  void theColumnsAddedSinceRelease010ReadAsNeutralValuesAndTrainerAsNull() {
    Path store = copyOfTheFixture();
    TestStore test = new TestStore(store, dir.resolve("logs"));
    String neutral = "depth = 1 AND init = 'lecun' AND output_init = 'random' AND train_output"
        + " AND momentum = 0 AND weight_decay = 0 AND sampling = 'without-replacement'"
        + " AND NOT full_batch AND schedule = '[]'";
    assertEquals(8L, test.rows("SELECT count(*) FROM runs WHERE " + neutral + " AND trainer IS NULL")
        .get(0).getLong(0));

    EngineSettings engine = SettingsParser.engine(ConfigLoader.load(null, List.of()))
        .withStore(store.toString());
    Sweeps sweeps = Sweeps.open(TestSpark.session(), engine);
    assertEquals(4, sweeps.run(sweeps.prepare(legacy("sweep.grid.seed=[0, 1, 2]"), null), n -> {}).ran());

    assertEquals(12L, test.rows("SELECT count(*) FROM runs WHERE " + neutral).get(0).getLong(0));
    List<Row> trainers = test.rows("SELECT DISTINCT trainer FROM runs WHERE trainer IS NOT NULL");
    assertEquals(1, trainers.size());
    assertTrue(List.of("pack", "reference").contains(trainers.get(0).getString(0)), trainers.toString());
    assertEquals(4L, test.rows("SELECT count(*) FROM runs WHERE trainer IS NOT NULL").get(0).getLong(0));
  }

  /**
   * A column that rows of an older release lack reads as the parameter's neutral value (here as
   * if {@code bias} had been added later, with neutral value false, and the rows had no value).
   */
  @Test
  void aColumnMissingFromOlderRowsReadsAsItsNeutralValue() {
    Path store = copyOfTheFixture();
    Dataset<Row> runs = Store.open(TestSpark.session(), store.toString()).runs()
        .withColumn("bias", functions.lit(null).cast("boolean"));
    Dataset<Row> read = Store.withNeutralDefaults(runs,
        p -> p == Parameter.BIAS ? Optional.of(false) : Optional.empty());
    assertEquals(8L, read.where("bias = false").count());
  }
  /**
   * The per-layer array columns, added after release 0.1.0, read as null in its rows (the store
   * reads every file with today's schema), while runs written today hold one element per hidden
   * layer, equal at depth 1 to the scalar columns, and survive the Parquet round trip.
   */
  @Test
  void layerArraysOfOlderRowsReadAsNullAndNewRowsHoldOneElementPerLayer() {
    Path store = copyOfTheFixture();
    TestStore test = new TestStore(store, dir.resolve("logs"));
    String arrays = "layer_vanished_neurons, layer_independent_neurons, layer_collapse_fraction, "
        + "layer_stable_rank, layer_effective_rank";
    for (Row r : test.rows("SELECT " + arrays + " FROM runs WHERE sweep = 'legacy'")) {
      for (int i = 0; i < r.size(); i++) {
        assertTrue(r.isNullAt(i), "column " + i + " of an 0.1.0 row: " + r);
      }
    }
    EngineSettings engine = SettingsParser.engine(ConfigLoader.load(null, List.of()))
        .withStore(store.toString());
    Sweeps sweeps = Sweeps.open(TestSpark.session(), engine);
    assertEquals(4, sweeps.run(sweeps.prepare(legacy("sweep.grid.seed=[0, 1, 2]"), null), n -> {}).ran());
    List<Row> today = test.rows("SELECT independent_neurons, collapse_fraction, stable_rank, effective_rank, "
        + arrays + " FROM runs WHERE sweep = 'legacy' AND layer_stable_rank IS NOT NULL");
    assertEquals(4, today.size());
    for (Row r : today) {
      assertEquals(List.of(r.getInt(0)), r.getList(5), r.toString());
      assertEquals(List.of(r.getDouble(1)), r.getList(6), r.toString());
      assertEquals(List.of(r.getDouble(2)), r.getList(7), r.toString());
      assertEquals(List.of(r.getDouble(3)), r.getList(8), r.toString());
      assertEquals(1, r.getList(4).size());
    }
    assertEquals(4L, test.rows("SELECT count(*) FROM runs WHERE layer_stable_rank[0] = stable_rank")
        .get(0).getLong(0), "array elements are reachable from SQL");
    // docs/metrics.md's per-layer query
    List<Row> perLayer = test.rows("SELECT size(layer_collapse_fraction) AS depth, pos + 1 AS layer, "
        + "avg(frac) AS collapse FROM runs LATERAL VIEW posexplode(layer_collapse_fraction) l AS pos, frac "
        + "WHERE sweep = 'legacy' AND status = 'ok' GROUP BY 1, 2 ORDER BY 1, 2");
    assertEquals(1, perLayer.size());
    assertEquals(List.of(1, 1), List.of(perLayer.get(0).getInt(0), perLayer.get(0).getInt(1)));
  }

  /**
   * The metrics of issue #16, appended after every older column, read as null in release 0.1.0's
   * rows (runs and trajectories); runs written today hold them (teacher-student data: the excess
   * risk too), and their feature rank of Z is a number in [1, min(m, n)].
   */
  @Test
  void theoryMetricsOfOlderRowsReadAsNullAndNewRowsHoldThem() {
    Path store = copyOfTheFixture();
    TestStore test = new TestStore(store, dir.resolve("logs"));
    String columns = "feature_stable_rank, feature_effective_rank, feature_top_singular_fraction, "
        + "activation_stable_rank, activation_effective_rank, activation_top_singular_fraction, "
        + "neuron_spread, grad_norm, converged, max_loss_ratio, excess_risk, balancedness_mean_abs, "
        + "balancedness_max_abs, weight_norm";
    List<Row> old = test.rows("SELECT " + columns + " FROM runs WHERE sweep = 'legacy'");
    assertTrue(!old.isEmpty());
    for (Row r : old) {
      for (int i = 0; i < r.size(); i++) {
        assertTrue(r.isNullAt(i), "column " + i + " of an 0.1.0 row: " + r);
      }
    }
    assertEquals(0L, test.rows("SELECT count(*) FROM trajectories WHERE sweep = 'legacy' AND "
        + "(grad_norm IS NOT NULL OR hessian_trace IS NOT NULL)").get(0).getLong(0));
    EngineSettings engine = SettingsParser.engine(ConfigLoader.load(null, List.of()))
        .withStore(store.toString());
    Sweeps sweeps = Sweeps.open(TestSpark.session(), engine);
    assertEquals(4, sweeps.run(sweeps.prepare(legacy("sweep.grid.seed=[0, 1, 2]"), null), n -> {}).ran());
    List<Row> today = test.rows("SELECT " + columns + " FROM runs WHERE sweep = 'legacy' AND "
        + "status = 'ok' AND feature_stable_rank IS NOT NULL");
    assertTrue(!today.isEmpty());
    for (Row r : today) {
      for (int i = 0; i < r.size(); i++) {
        assertTrue(!r.isNullAt(i), "column " + i + " of a new row: " + r);
      }
      assertTrue(r.getDouble(0) >= 1 - 1e-9, r.toString());
    }
    assertTrue(test.rows("SELECT count(*) FROM trajectories WHERE sweep = 'legacy' AND "
        + "grad_norm IS NOT NULL").get(0).getLong(0) > 0);
  }
}
