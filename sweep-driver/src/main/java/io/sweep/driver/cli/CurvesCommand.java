package io.sweep.driver.cli;

import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.curves.CurveCharts;
import io.sweep.driver.phase.ChartFiles;
import io.sweep.driver.curves.CurveQuery;
import io.sweep.driver.curves.LearningCurves;
import io.sweep.driver.curves.TrajectoryCurves;
import io.sweep.driver.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sweep curves}: learning curves from the trajectories table, the mean over seeds with a 95% band. */
@Command(name = "curves", description =
    "Draw learning curves: a trajectory metric against the step, the mean over seeds with a 95%% band, "
        + "one line per value of --by, one panel per value of --facet. --by, --facet and --where are Spark SQL "
        + "over the runs' columns (and, for --where, the point's step and metrics). Diverged and failed runs are left out.")
final class CurvesCommand implements Callable<Integer> {
  @Mixin Options.SweepName sweepName;

  @Option(names = "--metric", required = true, paramLabel = "COLUMN",
      description = "A column of trajectories: train_loss, test_loss, independent_neurons, collapse_fraction, stable_rank "
          + "or hessian_max_eig.")
  String metric;

  @Option(names = "--by", paramLabel = "AXIS", description = "One line per value of this column or expression, e.g. lr.")
  String by;

  @Option(names = "--where", paramLabel = "SQL", description = "Only points where this SQL condition holds, e.g. 'batch_size = 8'.")
  String where;

  @Option(names = "--facet", paramLabel = "AXIS", description = "Small multiples: one panel per value of this column or expression.")
  String facet;

  @Option(names = "--log-y", description = "Logarithmic y axis (every value must be positive).")
  boolean logY;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Write the chart to FILE.png or FILE.svg.")
  Path out;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CurveQuery query = new CurveQuery(sweepName.sweep, metric, by, where, facet, logY);
    ChartFiles.checkFile(out); // before Spark starts
    EngineSettings engine = common.engine();
    Store store = Store.open(common.spark(engine), engine.store());
    LearningCurves curves = TrajectoryCurves.compute(store, query);
    CurveCharts.write(curves, out);
    PrintWriter printed = spec.commandLine().getOut();
    int lines = curves.curves().size();
    printed.printf("%s (sweep %s): %d line%s, %d points, %d runs%s; curves: %s%n", query.describe(), sweepName.sweep,
        lines, lines == 1 ? "" : "s", curves.points(), curves.runs(),
        curves.leftOut() > 0 ? " (" + curves.leftOut() + " diverged or failed left out)" : "", out);
    printed.flush();
    return 0;
  }
}
