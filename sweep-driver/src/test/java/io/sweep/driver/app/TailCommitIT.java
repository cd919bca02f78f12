package io.sweep.driver.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.CliRun;
import io.sweep.driver.ParquetFooters;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestSweeps;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tail of a sweep is committed pack by pack: once every pack is submitted, a finished pack is
 * committed while the others still train, so the final commit — the one the idle cores wait
 * for — is not the whole sweep. A sweep far shorter than the commit interval (30 s) used to be
 * one commit at the end.
 */
class TailCommitIT {
  @TempDir static Path dir;

  @Test
  void aShortSweepIsCommittedInSeveralCommitsAsItsPacksFinish() {
    TestSpark.session(); // local[2]: two packs train side by side
    Path store = dir.resolve("store");
    Path conf = TestSweeps.write(dir, "tail.conf", """
        sweep {
          name = tail
          grid { lr = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06] }
          model { width = 4 }
          data { input-dim = 3, samples = 16, test-samples = 16 }
          train { batch-size = 4, steps = 300, log-every = 100 }
        }
        """);
    CliRun r = CliRun.of("run", conf.toString(), "--quiet", "--store", store.toString(),
        "--set", "engine.pack-size=1", "--set", "engine.log-dir=\"" + dir.resolve("logs") + "\"");
    assertEquals(0, r.code(), r.err());
    List<Path> files = ParquetFooters.dataFiles(store.resolve("runs").resolve("sweep=tail"));
    long rows = files.stream().mapToLong(ParquetFooters::rowCount).sum();
    assertEquals(6, rows, "every run once in the raw files");
    // 6 packs, at most 4 in flight: packs 3–6 end in the tail, each while another still trains.
    assertTrue(files.size() >= 2, "one commit at the end only: " + files);
    assertTrue(files.stream().mapToLong(ParquetFooters::rowCount).max().orElseThrow() < 6,
        "the final commit held the whole sweep");
  }
}
