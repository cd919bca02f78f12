package io.sweep.driver.cli;

import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.export.ExportFormat;
import io.sweep.driver.export.ExportTable;
import io.sweep.driver.export.TableExport;
import io.sweep.driver.store.Store;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sweep export}: one table of one sweep, as its view reads it, to one Parquet, CSV or JSON-lines file. */
@Command(name = "export", description =
    "Write one table of one sweep to one file, every row, each run once (deduplicated as the SQL views are).")
final class ExportCommand implements Callable<Integer> {
  @Mixin Options.SweepName sweepName;

  @Option(names = "--table", required = true, paramLabel = "TABLE",
      description = "runs, trajectories, phases or thresholds.")
  String table;

  @Option(names = "--to", required = true, paramLabel = "PATH",
      description = "The file, a local path or Hadoop URI in an existing directory, written only when complete. "
          + "Its extension picks the format: .parquet, .csv or .jsonl (one JSON object per line); "
          + "CSV has a header, RFC 4180 quotes, \\n line ends, and maps as JSON text.")
  String to;

  @Option(names = "--force", description = "Overwrite PATH if it exists.")
  boolean force;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ExportTable exported = ExportTable.of(table); // both checked before Spark starts
    ExportFormat.of(to);
    EngineSettings engine = common.engine();
    Store store = Store.open(common.spark(engine), engine.store());
    TableExport.Exported file = TableExport.export(store, sweepName.sweep, exported, to, force);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "exported %s of sweep %s to %s (%,d bytes)%n", exported.tableName(), sweepName.sweep, file.file(),
        file.bytes());
    out.flush();
    return 0;
  }
}
