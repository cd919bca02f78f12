package io.sweep.driver.cli;

import io.sweep.driver.UserError;
import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.exec.SweepRunner;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.driver.plan.SweepPlan;
import io.sweep.driver.store.Store;
import io.sweep.driver.store.StoredSweepCheck;
import io.sweep.driver.store.SweepLog;
import io.sweep.worker.spec.RunStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * rest on Spark and commits their rows in waves.
 */
@Command(name = "run", description = "Run the sweep in CONF; resumes: runs already in the store are not run again.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONF", description = "The sweep file (HOCON).")
  Path conf;

  @Mixin CommonOptions common;

  @Option(names = "--yes", description = "Run even when the sweep has more runs than engine.max-runs.")
  boolean yes;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

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
    Store store = Store.open(spark, engine.store());
    List<String> conflicts = StoredSweepCheck.conflicts(settings, store);
    if (!conflicts.isEmpty()) {
      if (!newVersion) {
        throw new UserError("sweep " + settings.name() + " in " + store.location()
            + " holds runs with other settings than " + conf + ":\n  " + String.join("\n  ", conflicts)
            + "\nuse another sweep name, or pass --new-version to run this file as a new version of the sweep");
      }
      String name = nextVersion(settings.name(), store);
      common.overrides.add("sweep.name=\"" + name + "\"");
      settings = common.settings(conf).sweep();
      out.printf("sweep %s changed (%s); running it as %s%n", conf, String.join("; ", conflicts), name);
    }
    SweepPlan plan = GridExpander.expand(settings);
    List<PlannedRun> pending = plan.pending(store.runIds(plan.name()));
    int done = plan.runs().size() - pending.size();
    out.printf("sweep %s: %d runs planned, %d already in %s, %d to run (master %s)%n",
        plan.name(), plan.runs().size(), done, store.location(), pending.size(), spark.sparkContext().master());
    out.flush();
    if (pending.isEmpty()) {
      out.println("nothing to do: every run is in the store");
      return 0;
    }
    SweepLog log = SweepLog.start(store, plan, pending.size());
    SweepRunner runner = new SweepRunner(spark, store, engine.waveSize(), engine.packSize());
    long start = System.nanoTime();
    Map<RunStatus, Integer> counts;
    try (Progress progress = Progress.of(plan.name(), pending.size(), !quiet)) {
      counts = runner.run(plan, pending, progress::advance);
    } catch (RuntimeException e) {
      log.end("failed");
      throw e;
    }
    log.end("finished");
    double seconds = (System.nanoTime() - start) / 1e9;
    int ran = counts.values().stream().mapToInt(Integer::intValue).sum();
    out.printf(Locale.ROOT, "done: %d runs in %.1f s (%.1f runs/min): %d ok, %d diverged, %d failed%n",
        ran, seconds, ran / seconds * 60,
        counts.getOrDefault(RunStatus.OK, 0), counts.getOrDefault(RunStatus.DIVERGED, 0),
        counts.getOrDefault(RunStatus.FAILED, 0));
    if (ran < pending.size()) {
      out.printf("%d runs were committed meanwhile by another invocation of this sweep and not run again%n",
          pending.size() - ran);
    }
    out.printf("results: %s (query with: bin/sweep sql \"SELECT * FROM runs WHERE sweep = '%s'\"%s)%n",
        store.location(), plan.name(), common.store != null ? " --store " + common.store : "");
    out.flush();
    return 0;
  }

  /** The first NAME.vK (K ≥ 2) with nothing in the store. */
  private static String nextVersion(String name, Store store) {
    String base = name.replaceFirst("\\.v\\d+$", "");
    for (int k = 2; ; k++) {
      String candidate = base + ".v" + k;
      if (store.runIds(candidate).isEmpty()) {
        return candidate;
      }
    }
  }
}
