package io.sweep.driver.cluster;

import io.sweep.driver.SweepProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The project's launcher, {@code bin/sweep}, as a real process, as a user types it (the tests run
 * after {@code package}, so it needs no build), plus the JVMs the test itself starts as drivers.
 * Every process is ended by the test if it outlives its time.
 */
final class SweepCli {
  private static final Duration TIMEOUT = Duration.ofMinutes(4);

  private final Path dir;
  private final Map<String, String> env;
  private final List<Jvm> started = new ArrayList<>();

  /**
   * @param dir where logs and outputs go
   * @param env added to every process's environment
   */
  SweepCli(Path dir, Map<String, String> env) {
    this.dir = dir;
    this.env = env;
  }

  /**
   * The outcome of one command.
   *
   * @param code   exit code
   * @param out    stdout
   * @param err    stderr
   * @param logDir the directory of its log file (the driver's Spark log for {@code run})
   */
  record Result(int code, String out, String err, Path logDir) {
    /** The log file the invocation wrote, empty when it wrote none (spark-submit logs to stderr). */
    String log() {
      if (!Files.isDirectory(logDir)) {
        return "";
      }
      try (var files = Files.list(logDir)) {
        Path log = files.filter(p -> p.getFileName().toString().endsWith(".log")).findFirst().orElse(null);
        return log == null ? "" : Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Runs {@code bin/sweep ARGS}; {@code name} names its output files. */
  Result sweep(String name, String... args) {
    return startSweep(name, args).await();
  }

  /** Runs any command (a spark-submit) in {@code workDir}, with the same environment. */
  Result run(String name, List<String> command, Path workDir) {
    return start(name, command, workDir).await();
  }

  /** Starts {@code bin/sweep ARGS} without waiting for it (to act on it while it runs). */
  Running startSweep(String name, String... args) {
    List<String> command = new ArrayList<>(List.of(SweepProcess.ROOT.resolve("bin/sweep").toString()));
    command.addAll(List.of(args));
    return start(name, command, SweepProcess.ROOT);
  }

  private Running start(String name, List<String> command, Path workDir) {
    Path logDir = dir.resolve("logs-" + name);
    Map<String, String> all = new java.util.LinkedHashMap<>(env);
    all.put("SWEEP_NO_BUILD", "1");
    all.put("SWEEP_LOG_DIR", logDir.toString());
    all.put("SWEEP_HEAP", "1g");
    all.put("SWEEP_CDS", "0"); // no class-data archive written at exit (LauncherIT tests it)
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    Jvm jvm = Jvm.start(name, command, all, workDir, out, err);
    started.add(jvm);
    return new Running(jvm, out, err, logDir);
  }

  /** A command started and not yet awaited: its process and where its outputs go. */
  record Running(Jvm jvm, Path out, Path err, Path logDir) {
    /** What its log file holds so far (empty before it wrote one). */
    String log() {
      return new Result(0, "", "", logDir).log();
    }

    /** Waits for the end (killing it past the timeout) and returns its outcome. */
    Result await() {
      int code = jvm.await(TIMEOUT);
      try {
        return new Result(code, Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8), logDir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Every process started, with what they started, seen so far. */
  List<ProcessHandle> processes() {
    List<ProcessHandle> all = new ArrayList<>();
    for (Jvm j : started) {
      all.addAll(j.processes());
    }
    return all;
  }

  /** Ends whatever is still running. */
  void stopAll() {
    for (Jvm j : started) {
      j.stop();
    }
  }
}
