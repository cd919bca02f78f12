package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.CliRun;
import io.sweep.driver.TestSweeps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} removes the staging directories that killed commits left in the store, once older
 * than an hour, and leaves younger ones alone (those of a live concurrent writer's commit).
 */
class RunStagingCleanupIT {
  @TempDir Path dir;

  private static Path staging(Path store, String table, String id, Duration age) throws Exception {
    Path d = store.resolve(table).resolve("_staging").resolve(id);
    Files.createDirectories(d.resolve("sweep=x"));
    Files.writeString(d.resolve("sweep=x/part-00000.snappy.parquet"), "half-written");
    Files.setLastModifiedTime(d, FileTime.from(Instant.now().minus(age)));
    return d;
  }

  @Test
  void runRemovesAbandonedStagingDirectoriesAndKeepsLiveOnes() throws Exception {
    Path store = dir.resolve("store");
    Path oldRuns = staging(store, "runs", "killed-1", Duration.ofHours(2));
    Path oldTrajectories = staging(store, "trajectories", "killed-2", Duration.ofHours(3));
    Path live = staging(store, "runs", "live", Duration.ofMinutes(1));
    Path conf = TestSweeps.write(dir, "clean.conf", TestSweeps.tiny("clean"));
    CliRun run = CliRun.of("run", conf.toString(), "--quiet", "--store", store.toString(),
        "--set", "engine.log-dir=\"" + dir.resolve("logs") + "\"");
    assertEquals(0, run.code(), run.err());
    assertFalse(Files.exists(oldRuns), "abandoned staging of runs removed");
    assertFalse(Files.exists(oldTrajectories), "abandoned staging of trajectories removed");
    assertTrue(Files.exists(live), "a young staging directory (a live commit) is kept");
    assertTrue(run.out().contains("done: 8 runs"), run.out());
  }
}
