package io.sweep.driver.cli;

import io.sweep.driver.app.Sweeps;
import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.store.Compaction;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sweep compact}: one sweep's small files merged, table by table, exactly once preserved. */
@Command(name = "compact", description = {
    "Merge one sweep's small files into one file per table (runs, trajectories, weights, diagnoses, "
        + "phases, thresholds), keeping exactly the rows the views show: each run once, the latest "
        + "diagnosis, phase and threshold computation. Also removes staging directories that killed commits left more than an hour ago.",
    "Safe at any moment, also while the sweep runs: an interrupted compact loses nothing and "
        + "duplicates nothing a reader sees; run it again to finish."})
final class CompactCommand implements Callable<Integer> {
  @Mixin Options.SweepName sweepName;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    EngineSettings engine = common.engine();
    Sweeps sweeps = Sweeps.open(common.spark(engine), engine);
    List<Compaction.Result> results = sweeps.compact(sweepName.sweep);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "compacted sweep %s in %s%n", sweepName.sweep, sweeps.store().location());
    String row = "%-13s %-12s %-22s %s%n";
    out.printf(Locale.ROOT, row, "table", "files", "rows", "stale staging removed");
    for (Compaction.Result r : results) {
      out.printf(Locale.ROOT, row, r.table(), r.filesBefore() + " -> " + r.filesAfter(),
          r.rowsBefore() + " -> " + r.rowsAfter(), r.stagingRemoved());
    }
    out.flush();
    return 0;
  }
}
