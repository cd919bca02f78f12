package io.sweep.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/sweep").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
    pb.environment().put("SWEEP_NO_BUILD", "1");
    pb.environment().put("SWEEP_LOG_DIR", dir.resolve("logs").toString());
    pb.environment().put("SWEEP_HEAP", "1g");
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

  /** Waits for the process to end. */
  public Result await() {
    try {
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("bin/sweep did not finish in 5 minutes");
      }
      return new Result(process.exitValue(), read(out), read(err));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGKILL, as the OOM killer or a dying node would; waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
