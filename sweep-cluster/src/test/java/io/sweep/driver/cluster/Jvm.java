package io.sweep.driver.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A process this test started (a Spark daemon, a driver), with its stdout and stderr in one log
 * file. {@link #stop()} ends it and every process it started (a Worker's executors), by process
 * id: SIGTERM first, SIGKILL for what is still alive after a grace period.
 */
final class Jvm {
  private static final Duration GRACE = Duration.ofSeconds(15);

  final String name;
  final Path log;
  private final Process process;
  /** Every descendant seen alive, so that one re-parented after its parent died is still ended. */
  private final List<ProcessHandle> seen = new ArrayList<>();

  private Jvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** The java executable of this JVM. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Starts {@code command} in {@code dir} with {@code env} added to this JVM's environment. */
  static Jvm start(String name, List<String> command, Map<String, String> env, Path dir, Path log) {
    return start(name, command, env, dir, log, null);
  }

  /**
   * Like {@link #start(String, List, Map, Path, Path)}, with stderr in a file of its own.
   *
   * @param err where stderr goes; null to put it into {@code log} with stdout
   */
  static Jvm start(String name, List<String> command, Map<String, String> env, Path dir, Path log, Path err) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().remove("SWEEP_STORE");
    pb.environment().putAll(env);
    pb.redirectOutput(log.toFile());
    if (err == null) {
      pb.redirectErrorStream(true);
    } else {
      pb.redirectError(err.toFile());
    }
    try {
      return new Jvm(name, pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until the log has a line matching {@code pattern}; fails early when the process dies. */
  void awaitLog(Pattern pattern, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (pattern.matcher(output()).find()) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited (" + process.exitValue() + ") before logging /"
            + pattern + "/:\n" + tail());
      }
      remember();
      pause();
    }
    throw new AssertionError(name + " did not log /" + pattern + "/ within " + timeout + ":\n" + tail());
  }

  /** Waits for the process to end; ends it and fails when it takes longer than {@code timeout}. */
  int await(Duration timeout) {
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!process.waitFor(1, TimeUnit.SECONDS)) {
        remember();
        if (System.nanoTime() > deadline) {
          stop();
          throw new AssertionError(name + " did not finish within " + timeout + ":\n" + tail());
        }
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      throw new AssertionError(e);
    }
  }

  /** Everything the process printed so far. */
  String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String tail() {
    String out = output();
    return out.length() <= 6000 ? out : "..." + out.substring(out.length() - 6000);
  }

  /** Ends the process and its descendants; returns the processes it had to kill with SIGKILL. */
  List<ProcessHandle> stop() {
    remember();
    List<ProcessHandle> all = new ArrayList<>();
    all.add(process.toHandle());
    all.addAll(seen);
    for (ProcessHandle p : all) {
      p.destroy();
    }
    List<ProcessHandle> killed = new ArrayList<>();
    long deadline = System.nanoTime() + GRACE.toNanos();
    for (ProcessHandle p : all) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        p.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        // still alive after the grace period (or interrupted): kill below
      }
      if (p.isAlive()) {
        p.destroyForcibly();
        killed.add(p);
      }
    }
    for (ProcessHandle p : killed) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // reported by the caller's check for stray processes
      }
    }
    return killed;
  }

  /** Every process this one started that is, or was, seen alive. */
  List<ProcessHandle> processes() {
    remember();
    List<ProcessHandle> all = new ArrayList<>(seen);
    all.add(0, process.toHandle());
    return all;
  }

  private void remember() {
    process.toHandle().descendants().forEach(d -> {
      if (seen.stream().noneMatch(s -> s.pid() == d.pid())) {
        seen.add(d);
      }
    });
  }

  private static void pause() {
    try {
      Thread.sleep(200); // polling a log for a state, not waiting for time to pass
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
