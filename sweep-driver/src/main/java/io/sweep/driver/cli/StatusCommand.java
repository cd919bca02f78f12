package io.sweep.driver.cli;

import io.sweep.driver.store.Store;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sweep status}: every sweep in the store with runs done / planned, diverged and failed. */
@Command(name = "status", description = "The sweeps in the store: runs done / planned, diverged, failed.")
final class StatusCommand implements Callable<Integer> {
  /** The query behind {@code status}; also usable by hand with {@code sweep sql}. */
  static final String QUERY =
      "SELECT s.sweep, coalesce(r.done, 0) AS done, s.planned_runs AS planned, "
          + "coalesce(r.ok, 0) AS ok, coalesce(r.diverged, 0) AS diverged, coalesce(r.failed, 0) AS failed, "
          + "s.started_at, s.ended_at, s.invocations "
          + "FROM sweeps s LEFT JOIN (SELECT sweep, count(DISTINCT run_id) AS done, "
          + "count_if(status = 'ok') AS ok, count_if(status = 'diverged') AS diverged, "
          + "count_if(status = 'failed') AS failed FROM runs GROUP BY sweep) r ON s.sweep = r.sweep "
          + "ORDER BY s.started_at";

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Store store = common.storeWithViews(common.engine());
    SparkSession spark = store.spark();
    PrintWriter out = spec.commandLine().getOut();
    out.println("store: " + store.location());
    int n = TableOutput.print(spark.sql(QUERY), TableOutput.Format.table, Integer.MAX_VALUE, out);
    if (n == 0) {
      out.println("(no sweeps yet: bin/sweep run conf/sweeps/quickstart.conf)");
    }
    out.flush();
    return 0;
  }
}
