package io.sweep.driver.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sweep.driver.CliRun;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestStore;
import io.sweep.driver.config.ConfigLoader;
import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
}
