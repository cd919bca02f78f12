package io.sweep.driver.cli;

import io.sweep.driver.UserError;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * {@code bin/sweep}: one command object per verb; errors are mapped to exit codes here and only
 * here — 0 success, 1 a bug (stack trace with {@code --debug}, always in the log file), 2 a user
 * error (message only).
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Map the phase diagrams of SGD's simplicity bias: grids of DL4J runs on Spark.",
    subcommands = {
      RunCommand.class,
      PlanCommand.class,
      SqlCommand.class,
      ExportCommand.class,
      CompactCommand.class,
      DiagnoseCommand.class,
      StatusCommand.class,
      PhaseCommand.class,
      CurvesCommand.class,
      ThresholdCommand.class,
      RefineCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code of a user error (bad config, flag or store). */
  public static final int USER_ERROR = 2;
  /** Exit code of an unexpected failure. */
  public static final int BUG = 1;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** Entry point of {@code bin/sweep}. */
  public static void main(String[] args) {
    int code;
    try {
      code = execute(args);
    } catch (Throwable t) { // an Error escapes picocli's handler; exit anyway, or Spark's threads keep the JVM alive
      System.err.println("error: " + t);
      t.printStackTrace();
      code = BUG;
    }
    System.exit(code);
  }

  /** Runs the CLI and returns the exit code. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** Runs the CLI with its output and error streams redirected (tests call this). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          boolean topLevel = ex.getCommandLine().getCommandSpec().parent() == null;
          if (topLevel && ex instanceof CommandLine.UnmatchedArgumentException && a.length > 0
              && !a[0].startsWith("-")) {
            err.println("error: unknown command '" + a[0] + "'; commands: "
                + String.join(", ", ex.getCommandLine().getSubcommands().keySet()));
          } else {
            err.println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
          }
          err.println("for the usage: bin/" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help");
          return USER_ERROR;
        });
    return cl;
  }

  /** Maps exceptions to exit codes in one place. */
  private static final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
      PrintWriter err = cl.getErr();
      boolean debug = CommonOptions.debugRequested(parsed);
      Throwable user = userError(ex);
      if (user == null) {
        user = io.sweep.driver.store.StoreErrors.explain(ex).orElse(null);
      }
      if (user != null) {
        // Fields of a request are this CLI's flags of the same name (--metric for metric, ...).
        String message = user instanceof UserError u ? u.message(f -> "--" + f) : user.getMessage();
        err.println("error: " + message);
        if (debug) {
          ex.printStackTrace(err);
        }
        return USER_ERROR;
      }
      org.slf4j.LoggerFactory.getLogger(Main.class).error("sweep failed", ex);
      err.println("error: " + ex);
      if (debug) {
        ex.printStackTrace(err);
      } else {
        err.println("(a bug, not your input: rerun with --debug for the stack trace; it is also in the log file)");
      }
      return BUG;
    }

    private static Throwable userError(Throwable t) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        if (c instanceof UserError) {
          return c;
        }
      }
      return null;
    }
  }
}
