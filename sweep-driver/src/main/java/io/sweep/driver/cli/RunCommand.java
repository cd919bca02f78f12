package io.sweep.driver.cli;

import io.sweep.driver.UserError;
import io.sweep.driver.app.Launch;
import io.sweep.driver.app.Outcome;
import io.sweep.driver.app.SweepConflict;
import io.sweep.driver.app.Sweeps;
import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.plan.SweepPlan;
import io.sweep.worker.spec.RunStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sweep run CONF}: expands the sweep, skips runs already in the store (resume), trains the
 * rest on Spark as a stream of packs and commits their rows as they finish (within {@code
 * engine.commit-interval}), with a live view on stderr.
 */
@Command(name = "run", description = "Run the sweep in CONF; resumes: runs already in the store are not run again.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONF", description = "The sweep file (HOCON).")
  Path conf;

  @Mixin CommonOptions common;

  @Option(names = "--yes", description = "Run even when the sweep has more runs than engine.max-runs.")
  boolean yes;

  @Mixin Options.Quiet quiet;

  @Option(names = "--new-version", description = "When the file changes a fixed setting of runs already "
      + "stored under the sweep's name, run it as a new sweep NAME.vK instead of refusing.")
  boolean newVersion;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SettingsParser.Settings parsed = common.settings(conf);
    EngineSettings engine = parsed.engine();
    SweepSettings settings = parsed.sweep();
    long runs = settings.runCount();
    if (runs > engine.maxRuns() && !yes) { // checked before expanding an absurd grid
      throw new UserError(String.format(Locale.ROOT,
          "sweep %s has %d runs, more than engine.max-runs = %d; check the grid with `bin/sweep plan %s`, "
              + "then pass --yes (or raise engine.max-runs)",
          settings.name(), runs, engine.maxRuns(), conf));
    }
    SparkSession spark = common.spark(engine);
    Sweeps sweeps = Sweeps.open(spark, engine);
    Launch launch;
    try {
      launch = sweeps.prepare(settings, newVersion ? this::asVersion : null);
    } catch (SweepConflict c) {
      throw new UserError("sweep " + c.sweep() + " in " + c.store() + " holds runs with other settings than "
          + conf + ":\n  " + String.join("\n  ", c.conflicts())
          + "\nuse another sweep name, or pass --new-version to run this file as a new version of the sweep", c);
    }
    SweepPlan plan = launch.plan();
    if (launch.newVersion()) {
      out.printf("sweep %s changed (%s); running it as %s%n", conf, String.join("; ", launch.changes()),
          plan.name());
    }
    out.printf("sweep %s: %d runs planned, %d already in %s, %d to run (master %s)%n",
        plan.name(), plan.runs().size(), launch.stored(), sweeps.store().location(), launch.pending().size(),
        spark.sparkContext().master());
    if (spark.sparkContext().uiWebUrl().isDefined()) {
      out.printf("Spark UI: %s (engine.spark.\"spark.ui.enabled\" = false turns it off)%n",
          spark.sparkContext().uiWebUrl().get());
    }
    out.flush();
    if (launch.pending().isEmpty()) {
      out.println("nothing to do: every run is in the store");
      return 0;
    }
    Outcome done;
    try (Progress progress = Progress.of(plan.name(), !quiet.quiet)) {
      done = sweeps.runLive(launch, progress);
    }
    int ran = done.ran();
    out.printf(Locale.ROOT, "done: %d runs in %.1f s (%.1f runs/min): %d ok, %d diverged, %d failed%n",
        ran, done.seconds(), ran / done.seconds() * 60,
        done.count(RunStatus.OK), done.count(RunStatus.DIVERGED), done.count(RunStatus.FAILED));
    if (ran < done.pending()) {
      out.printf("%d runs were committed meanwhile by another invocation of this sweep and not run again%n",
          done.pending() - ran);
    }
    out.printf("results: %s (query with: bin/sweep sql \"SELECT * FROM runs WHERE sweep = '%s'\"%s)%n",
        sweeps.store().location(), plan.name(), common.store != null ? " --store " + common.store : "");
    out.flush();
    return 0;
  }

  /** The same sweep file read again under another sweep name (a new version). */
  private SweepSettings asVersion(String name) {
    common.overrides.add("sweep.name=\"" + name + "\"");
    return common.settings(conf).sweep();
  }
}
