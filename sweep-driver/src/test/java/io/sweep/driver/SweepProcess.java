package io.sweep.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/sweep} as a real process, as a user starts it (tests run after {@code package}, so
 * the launcher needs no rebuild). Output goes to files under {@code dir}.
 */
public final class SweepProcess {
  /** The repository root (tests run in sweep-driver/). */
  public static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private final Process process;
  private final Path out;
  private final Path err;

  private SweepProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /**
   * Finished result of a process.
   *
   * @param code exit code
   * @param out  stdout
   * @param err  stderr
   */
  public record Result(int code, String out, String err) {}

  /** Starts {@code bin/sweep ARGS} with its logs under {@code dir}. */
  public static SweepProcess start(Path dir, String... args) {
    return start(dir, Map.of(), args);
  }

  /** Starts {@code bin/sweep ARGS} with its logs under {@code dir} and {@code env} added. */
  public static SweepProcess start(Path dir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/sweep").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
    pb.environment().put("SWEEP_NO_BUILD", "1");
    pb.environment().put("SWEEP_LOG_DIR", dir.resolve("logs").toString());
    pb.environment().put("SWEEP_HEAP", "1g");
    // No class-data archive written at a command's exit (LauncherIT tests it on its own): tests
    // that time or kill a process see the same process whichever command comes first.
    pb.environment().put("SWEEP_CDS", "0");
    pb.environment().putAll(env);
    String id = UUID.randomUUID().toString();
    Path out = dir.resolve("out-" + id + ".txt");
    Path err = dir.resolve("err-" + id + ".txt");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    try {
      return new SweepProcess(pb.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code bin/sweep ARGS} to completion (at most 5 minutes). */
  public static Result run(Path dir, String... args) {
    return start(dir, args).await();
  }

  /** Waits for the process to end (at most 5 minutes). */
  public Result await() {
    return await(Duration.ofMinutes(5));
  }

  /** Waits for the process to end, at most {@code limit}; then kills it and fails. */
  public Result await(Duration limit) {
    try {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
        throw new AssertionError("bin/sweep did not finish in " + limit);
      }
      return new Result(process.exitValue(), read(out), read(err));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * SIGKILL, as the OOM killer or a dying node would: to the JVM itself (the launcher runs it as a
   * child), then to the launcher; waits until both are gone.
   */
  public void kill() {
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Sends {@code signal} (a name such as ABRT, as kill(1) takes it) to the JVM that the launcher
   * started, as a native crash would raise it.
   */
  public void signalJvm(String signal) {
    ProcessHandle jvm = process.toHandle().descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst()
        .orElseThrow(() -> new AssertionError("bin/sweep has no java child"));
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(jvm.pid())).start();
      if (kill.waitFor() != 0) {
        throw new AssertionError("kill -" + signal + " " + jvm.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
