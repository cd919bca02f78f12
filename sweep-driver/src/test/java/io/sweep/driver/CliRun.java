package io.sweep.driver;

import io.sweep.driver.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One in-process invocation of the CLI with captured output.
 *
 * @param code exit code
 * @param out  what the command printed on stdout
 * @param err  what it printed on stderr
 */
public record CliRun(int code, String out, String err) {

  /** Runs {@code bin/sweep ARGS} in this JVM. */
  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
