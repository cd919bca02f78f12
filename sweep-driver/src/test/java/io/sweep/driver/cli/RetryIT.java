package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.CliRun;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestSweeps;
import io.sweep.driver.exec.FaultInjection;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.store.Tables;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Infrastructure failures (injected into Spark tasks, not into training): retried by Spark, no
 * duplicate rows; a run that keeps failing becomes a {@code failed} row and the sweep completes.
 * The shared session allows two attempts per task ({@code local[2,2]}).
 */
class RetryIT {
  @TempDir Path dir;

  private final SparkContext sc = TestSpark.session().sparkContext();

  @AfterEach
  void clearFaults() {
    sc.setLocalProperty(FaultInjection.FAIL_FIRST_ATTEMPT, null);
    sc.setLocalProperty(FaultInjection.FAIL_RUNS, null);
  }

  private CliRun run(String name) {
    Path conf = TestSweeps.write(dir, name + ".conf", TestSweeps.tiny(name));
    return CliRun.of("run", conf.toString(), "--quiet", "--store", dir.resolve("store").toString(),
        "--set", "engine.log-dir=\"" + dir.resolve("logs") + "\"");
  }

  private List<Row> rows(String sweep) {
    return TestSpark.session().read().schema(Tables.RUNS_SCHEMA)
        .parquet(dir.resolve("store/runs").toString())
        .where("sweep = '" + sweep + "'").select("run_id", "status", "error").collectAsList();
  }

  @Test
  void everyTaskFailingOnceIsRetriedAndStoredExactlyOnce() {
    sc.setLocalProperty(FaultInjection.FAIL_FIRST_ATTEMPT, "true");
    CliRun run = run("retried");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("done: 8 runs"), run.out());
    List<Row> rows = rows("retried");
    assertEquals(8, rows.size());
    assertEquals(8, rows.stream().map(r -> r.getString(0)).distinct().count());
    assertTrue(rows.stream().allMatch(r -> r.getString(1).equals("ok")));
  }

  @Test
  void aRunThatKeepsFailingBecomesAFailedRowAndTheSweepCompletes() {
    String victim = GridExpander.expand(TestSweeps.settings(TestSweeps.tiny("failing"))).runs().get(5).runId();
    sc.setLocalProperty(FaultInjection.FAIL_RUNS, victim);
    CliRun run = run("failing");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("7 ok, 0 diverged, 1 failed"), run.out());
    List<Row> rows = rows("failing");
    assertEquals(8, rows.size());
    Row failed = rows.stream().filter(r -> r.getString(0).equals(victim)).findFirst().orElseThrow();
    assertEquals("failed", failed.getString(1));
    assertTrue(failed.getString(2).startsWith("task failed after Spark's retries: "), failed.getString(2));
    assertTrue(failed.getString(2).contains("injected failure of run " + victim), failed.getString(2));
  }
}
