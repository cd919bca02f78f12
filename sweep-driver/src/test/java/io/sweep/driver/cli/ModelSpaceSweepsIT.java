package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.CliRun;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestStore;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped sweeps of the model space run as shipped: {@code deep-quick} (depth 3, gelu,
 * momentum 0.9, weight decay, a schedule ending in full-batch GD) and {@code lr-drop} (Chen et
 * al.'s Fig. 6 shape, the drop step an axis). Every run ends ok, was trained in a pack (trainer =
 * 'pack', no fall-back to the reference), and carries the settings it was planned with.
 */
class ModelSpaceSweepsIT {
  @TempDir static Path dir;

  @BeforeAll
  static void session() {
    TestSpark.session();
  }

  @ParameterizedTest
  @ValueSource(strings = {"deep-quick", "lr-drop"})
  void runsAsShippedEveryRunInAPack(String sweep) {
    CliRun r = TestStore.in(dir).cli("run", Path.of("..", "conf", "sweeps", sweep + ".conf").toString(), "--quiet");
    assertEquals(0, r.code(), r.err());
    List<Row> rows = TestStore.in(dir).rows(
        "SELECT count(*), count_if(status = 'ok'), count_if(trainer = 'pack'), min(depth), max(depth), "
            + "count(DISTINCT schedule), min(momentum) FROM runs WHERE sweep = '" + sweep + "'");
    Row row = rows.get(0);
    long runs = row.getLong(0);
    assertTrue(runs >= 16, sweep + ": " + row);
    assertEquals(runs, row.getLong(1), sweep + ": every run ok: " + row);
    assertEquals(runs, row.getLong(2), sweep + ": every run trained in a pack: " + row);
    if (sweep.equals("deep-quick")) {
      assertEquals(3, row.getInt(3));
      assertEquals(1L, row.getLong(5));
      assertEquals(0.9, row.getDouble(6));
    } else {
      assertEquals(1, row.getInt(4));
      assertEquals(5L, row.getLong(5), "one schedule per value of the drop step");
    }
  }
}
