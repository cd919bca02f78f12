package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JitCpuTest {
  /** A /proc stat line of thread {@code name} with utime and stime (fields 14 and 15). */
  private static String stat(int tid, String name, long utime, long stime) {
    return tid + " (" + name + ") S 1 1 1 0 -1 4194368 100 0 0 0 " + utime + " " + stime
        + " 0 0 20 0 30 0 1234 0 0\n";
  }

  @Test
  void sumsTheCompilerThreadsOnly(@TempDir Path tasks) throws IOException {
    write(tasks, 11, stat(11, "C2 CompilerThre", 250, 7));
    write(tasks, 12, stat(12, "C1 CompilerThre", 40, 3));
    write(tasks, 13, stat(13, "Executor task l", 900, 5)); // a name with spaces, not the JIT's
    write(tasks, 14, stat(14, "java", 300, 30));
    assertEquals((250 + 7 + 40 + 3) / 100.0, JitCpu.seconds(tasks), 1e-12);
  }

  @Test
  void aNameWithParenthesesIsReadToItsLastOne() {
    assertEquals(0, JitCpu.compilerTicks(stat(5, "x (C2 CompilerThre)", 9, 9)));
    assertEquals(18, JitCpu.compilerTicks(stat(5, "C2 CompilerThre", 9, 9)));
    assertEquals(0, JitCpu.compilerTicks("garbage"));
  }

  @Test
  void unknownWithoutProc(@TempDir Path dir) {
    assertTrue(Double.isNaN(JitCpu.seconds(dir.resolve("absent"))));
  }

  @Test
  void thisJvmsCompilerThreadsAreFoundOnLinux() {
    if (Files.isDirectory(Path.of("/proc/self/task"))) {
      assertTrue(JitCpu.seconds() > 0, "a JVM that ran tests has compiled something");
    }
  }

  private static void write(Path tasks, int tid, String stat) throws IOException {
    Path dir = Files.createDirectories(tasks.resolve(Integer.toString(tid)));
    Files.writeString(dir.resolve("stat"), stat);
  }
}
