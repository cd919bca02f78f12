package io.sweep.driver.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time the JVM's JIT compiler threads have used, read from Linux's {@code /proc/self/task}
 * (the JVM's own beans cannot see those threads, and its compilation-time bean counts elapsed
 * time, not CPU). The bench needs it because the compiler threads run on the same cores as
 * training: over a process's first sweeps they took a quarter of the machine and slowed every
 * pack. The bench warms up until they settle and reports what they still take. NaN where
 * {@code /proc} is not there.
 */
final class JitCpu {
  /** Clock ticks per second of /proc's times (USER_HZ, 100 on every Linux build in use). */
  private static final double TICKS_PER_SECOND = 100;

  private JitCpu() {}

  /** Seconds of CPU the compiler threads of this JVM have used so far; NaN when unknown. */
  static double seconds() {
    return seconds(Path.of("/proc/self/task"));
  }

  /**
   * Waits until the compiler threads have gone quiet — at most one tick (10 ms) of CPU in 100 ms
   * — or {@code max} has passed. Used before a timed sweep, so that the compilations queued by
   * the Spark queries that prepared it (reading the store) do not run inside its window. Returns
   * at once where the JIT's time cannot be read.
   */
  static void awaitQuiet(java.time.Duration max) {
    long start = System.nanoTime();
    double before = seconds();
    while (!Double.isNaN(before) && System.nanoTime() - start < max.toNanos()) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      double now = seconds();
      if (now - before < 1.5 / TICKS_PER_SECOND) { // at most one tick
        break;
      }
      before = now;
    }
  }

  /**
   * The same for a {@code task} directory of /proc: the user + system times of the threads whose
   * name starts {@code C1 CompilerThre} or {@code C2 CompilerThre} (HotSpot's, cut at 15
   * characters). Threads that end between listing and reading are skipped.
   */
  static double seconds(Path tasks) {
    if (!Files.isDirectory(tasks)) {
      return Double.NaN;
    }
    long ticks = 0;
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path t : (Iterable<Path>) threads::iterator) {
        String stat;
        try {
          stat = Files.readString(t.resolve("stat"));
        } catch (IOException gone) {
          continue;
        }
        ticks += compilerTicks(stat);
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return ticks / TICKS_PER_SECOND;
  }

  /**
   * utime + stime of one {@code stat} line when its thread is a JIT compiler thread, else 0. The
   * name sits in parentheses and may hold spaces; the times are the 12th and 13th fields after it.
   */
  static long compilerTicks(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return 0;
    }
    String name = stat.substring(open + 1, close);
    if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
      return 0;
    }
    String[] fields = stat.substring(close + 1).trim().split("\\s+");
    return fields.length > 12 ? Long.parseLong(fields[11]) + Long.parseLong(fields[12]) : 0;
  }
}
