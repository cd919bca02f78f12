package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sweep.driver.SweepProcess;
import io.sweep.driver.TestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native-memory soak (issue 20): {@code bin/sweep run} trains many short runs in packs on two
 * task threads, with exact Hessians (LAPACK) for every run, under glibc's debugging allocator and
 * {@code -Xcheck:jni}, and must end with exit 0 and every run {@code ok} or {@code diverged}.
 *
 * <p>What makes it sensitive: {@code MALLOC_CHECK_=3} aborts on the first inconsistency glibc
 * sees, {@code MALLOC_PERTURB_} fills freed memory so that a read after free gives garbage;
 * {@code -Xmn8m} makes a young collection every few megabytes, so a buffer that has become
 * unreachable too early is freed within milliseconds; {@code -XX:-TieredCompilation
 * -XX:CompileThreshold=100} makes C2 compile hot paths after 100 calls, and C2's liveness is what
 * lets a temporary die during a native call. With these settings the ND4J eigenvalue bug of issue
 * 20 aborted the 640-run sweep of the issue at run 128, three times out of three; before it took
 * thousands of runs and luck.
 *
 * <p>Size: {@code -Dsweep.soak.runs=N} (default 2,000, what CI runs; {@code -Psoak} sets 50,000).
 * Skipped where glibc's debugging allocator is not installed.
 */
class SoakIT {

  static final Path MALLOC_DEBUG = Path.of("/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so.0");
  /** Cells of the grid below; the seed count is the requested runs over this, rounded up. */
  static final int CELLS = 4 * 2 * 2 * 2;

  @TempDir Path dir;

  /**
   * lr (the last one diverges: divergence masking runs too) × batch × activation × label noise ×
   * seeds; width 16 and d = 8, so 144 parameters and the exact (LAPACK) Hessian for every run.
   */
  static String sweep(int seeds) {
    return """
        sweep {
          name = soak
          grid { lr = [0.01, 0.05, 0.2, 3.0], batch-size = [8, 16], activation = [tanh, relu],
                 label-noise = [0.0, 0.5], seed = { from = 0, to = %d, count = %d, scale = linear } }
          model { width = 16 }
          data  { type = teacher-student, input-dim = 8, teacher = linear, samples = 64,
                  test-samples = 200 }
          train { steps = 100, log-every = 50 }
          diagnostics { hessian-every = 0 }
        }
        """.formatted(seeds - 1, seeds);
  }

  @Test
  void manyPacksUnderGlibcHeapChecksAndCheckJniEndCleanWithEveryRunStored() throws IOException {
    assumeTrue(Files.isReadable(MALLOC_DEBUG), "glibc's debugging allocator is not installed");
    int requested = Integer.getInteger("sweep.soak.runs", 2_000);
    int seeds = Math.max(1, (requested + CELLS - 1) / CELLS);
    int runs = seeds * CELLS;
    Path conf = dir.resolve("soak.conf");
    Files.writeString(conf, sweep(seeds));
    TestStore store = TestStore.in(dir);

    long start = System.nanoTime();
    SweepProcess.Result r = SweepProcess.start(dir, Map.of(
            "LD_PRELOAD", MALLOC_DEBUG.toString(),
            "MALLOC_CHECK_", "3",
            "MALLOC_PERTURB_", "165",
            "SWEEP_JAVA_OPTS",
            "-Xcheck:jni -Xmn8m -XX:-TieredCompilation -XX:CompileThreshold=100"),
        "run", conf.toString(), "--store", store.store().toString(), "--master", "local[2]",
        "--quiet", "--yes")
        .await(Duration.ofMinutes(Math.max(5, runs / 2_000 * 2 + 5)));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (r.code() != 0) {
      throw new AssertionError("soak of " + runs + " runs aborted (exit " + r.code() + ")\n"
          + tail(r.err()) + crashReports());
    }
    List<Row> counts = store.rows(
        "SELECT status, count(*) FROM runs WHERE sweep = 'soak' GROUP BY status ORDER BY status");
    long stored = counts.stream().mapToLong(c -> c.getLong(1)).sum();
    assertEquals(runs, stored, "runs stored: " + counts);
    assertTrue(counts.stream().noneMatch(c -> c.getString(0).equals("failed")),
        "failed runs: " + counts);
    System.out.printf("soak: %,d runs clean in %.0f s under MALLOC_CHECK_=3 and -Xcheck:jni: %s%n",
        runs, seconds, counts);
  }

  private static String tail(String s) {
    return s.length() <= 4_000 ? s : s.substring(s.length() - 4_000);
  }

  /** The first lines of every JVM crash report written under the test's log directory. */
  private String crashReports() throws IOException {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList()) {
        b.append("\n").append(f).append(":\n");
        Files.readAllLines(f).stream().limit(40).forEach(l -> b.append(l).append('\n'));
      }
    }
    return b.toString();
  }
}
