package io.sweep.driver.cli;

import io.sweep.driver.UserError;
import io.sweep.driver.store.Store;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sweep sql "QUERY"}: Spark SQL over the views runs, trajectories, sweeps, sweep_log. */
@Command(name = "sql", description = "Spark SQL over the views runs, trajectories, sweeps (and sweep_log) of the store.")
final class SqlCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "QUERY", description = "A Spark SQL query.")
  String query;

  @Option(names = "--format", paramLabel = "FORMAT", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  TableOutput.Format format = TableOutput.Format.table;

  @Option(names = "--limit", paramLabel = "N", description = "Print at most N rows (default: ${DEFAULT-VALUE}).")
  int limit = 10_000;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Store store = common.storeWithViews(common.engine());
    SparkSession spark = store.spark();
    Dataset<Row> result;
    try {
      result = spark.sql(query);
    } catch (Exception e) { // Scala's AnalysisException is checked in Java's eyes but undeclared
      if (e instanceof AnalysisException) {
        throw new UserError("SQL error: " + e.getMessage().strip(), e);
      }
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    int printed = TableOutput.print(result, format, limit + 1, out);
    if (printed > limit) {
      spec.commandLine().getErr().printf("(more than %d rows; showing the first %d — use --limit)%n", limit, limit);
    }
    return 0;
  }
}
