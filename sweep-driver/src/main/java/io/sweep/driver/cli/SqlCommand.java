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

  @Mixin Options.Format format;

  @Option(names = "--limit", paramLabel = "N", description = "Print at most N rows (default: ${DEFAULT-VALUE}); "
      + "bin/sweep export writes whole tables to a file.")
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
    int printed = TableOutput.print(result, format.format, limit, out);
    if (printed > limit) { // the count is a second job, paid only when the output was cut
      spec.commandLine().getErr().println(truncated(limit, result.count()));
    }
    return 0;
  }

  /** The note on stderr when the output was cut: the total, and the ways to get every row. */
  static String truncated(int limit, long total) {
    return String.format(java.util.Locale.ROOT, "(printed the first %d of %d rows: raise --limit, or write a whole table "
        + "to a file with bin/sweep export --sweep NAME --table runs --to FILE.parquet|.csv|.jsonl)", limit, total);
  }
}
