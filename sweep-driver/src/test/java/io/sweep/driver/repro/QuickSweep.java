package io.sweep.driver.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.CliRun;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Runs one of the quick reproduction sweeps ({@code conf/sweeps/NAME-quick.conf}) in-process
 * through the CLI into a temporary store, then answers SQL over its views. The reproduction tests
 * assert the direction and size of each effect of SCIENCE.md, not exact numbers
 * (docs/reproductions-notes.md has the numbers behind the margins).
 */
final class QuickSweep {
  private final TestStore store;
  private final String sweep;

  private QuickSweep(TestStore store, String sweep) {
    this.store = store;
    this.sweep = sweep;
  }

  /**
   * Runs {@code conf/sweeps/FILE.conf} (found from the working directory upwards) into {@code
   * dir/store}; fails the test unless every run has a row.
   */
  static QuickSweep run(Path dir, String file) {
    TestSpark.session(); // the CLI joins the test JVM's one session
    Path conf = sweepFile(file);
    TestStore store = TestStore.in(dir);
    CliRun run = store.cli("run", conf.toString(), "--quiet");
    assertEquals(0, run.code(), () -> "bin/sweep run " + conf + " failed:\n" + run.out() + run.err());
    assertTrue(run.out().contains("done: "), run.out());
    return new QuickSweep(store, file);
  }

  /** {@code conf/sweeps/NAME.conf} of this checkout (tests run in the module directory). */
  static Path sweepFile(String name) {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path f = d.resolve("conf").resolve("sweeps").resolve(name + ".conf");
      if (Files.isRegularFile(f)) {
        return f;
      }
    }
    throw new AssertionError("conf/sweeps/" + name + ".conf not found above " + Path.of("").toAbsolutePath());
  }

  /** The rows of {@code sql} over the store's views ({@code runs}, {@code trajectories}). */
  List<Row> query(String sql) {
    return store.rows(sql);
  }

  /** One double per group: {@code SELECT key, value ... } as an ordered map (for messages). */
  Map<String, Double> table(String sql) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Row r : query(sql)) {
      out.put(String.valueOf(r.get(0)), r.isNullAt(1) ? null : ((Number) r.get(1)).doubleValue());
    }
    return out;
  }

  /** {@code aggregate} over the runs of each value of {@code cell} (e.g. "concat(samples, '/', init_scale)"). */
  Map<String, Double> perCell(String cell, String aggregate) {
    return table("SELECT " + cell + ", " + aggregate + " FROM runs GROUP BY 1 ORDER BY 1");
  }

  /** The single number {@code sql} returns. */
  double scalar(String sql) {
    Row r = query(sql).get(0);
    assertTrue(!r.isNullAt(0), () -> "null from " + sql);
    return ((Number) r.get(0)).doubleValue();
  }

  /** Every run of the sweep has a row with this status count: used to check for failures. */
  long count(String where) {
    return (long) scalar("SELECT count(*) FROM runs WHERE sweep = '" + sweep + "' AND (" + where + ")");
  }

  String name() {
    return sweep;
  }
}
