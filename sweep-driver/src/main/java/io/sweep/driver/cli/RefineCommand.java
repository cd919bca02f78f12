package io.sweep.driver.cli;

import io.sweep.driver.app.RefineRequest;
import io.sweep.driver.app.Refinement;
import io.sweep.driver.app.Sweeps;
import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.phase.Aggregation;
import io.sweep.driver.phase.Crossing;
import io.sweep.driver.phase.SweepRows;
import io.sweep.driver.refine.Boundary;
import io.sweep.driver.refine.RefineResult;
import io.sweep.driver.refine.RefineSettings;
import io.sweep.driver.store.Store;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sweep refine}: adaptive refinement of a phase boundary along one axis, running new runs
 * of the same sweep into the same store until the boundary is located or the budget is spent.
 */
@Command(name = "refine", description =
    "Locate a phase boundary along AXIS adaptively: add axis values (and seeds near the boundary) only where "
        + "neighbouring points disagree about LEVEL, as new runs of the same sweep (same store, resumable).")
final class RefineCommand implements Callable<Integer> {
  @Mixin Options.SweepName sweepName;

  @Option(names = "--axis", required = true, paramLabel = "AXIS", description = "The numeric axis to refine, e.g. samples or lr.")
  String axis;

  @Option(names = "--metric", required = true, paramLabel = "COLUMN",
      description = "The column or SQL expression whose crossing of LEVEL is the boundary, e.g. interpolated.")
  String metric;

  @Mixin Options.Agg agg;

  @Option(names = "--level", paramLabel = "VALUE", description = "The level (default: ${DEFAULT-VALUE}).")
  double level = 0.5;

  @Option(names = "--budget", paramLabel = "RUNS", description = "The most new runs to add (default: ${DEFAULT-VALUE}).")
  int budget = 100;

  @Option(names = "--tolerance", paramLabel = "RATIO",
      description = "Stop when every bracket's relative width (hi/lo - 1 on a log axis, share of the range on a linear one) "
          + "is at most this (default: ${DEFAULT-VALUE}).")
  double tolerance = 0.1;

  @Option(names = "--max-seeds", paramLabel = "N",
      description = "The most seeds a point near the boundary may get (default: twice the sweep's seeds).")
  Integer maxSeeds;

  @Mixin Options.Quiet quiet;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    EngineSettings engine = common.engine();
    Sweeps sweeps = Sweeps.open(common.spark(engine), engine);
    Refinement refinement = sweeps.refinement(new RefineRequest(sweepName.sweep, axis, metric,
        agg.agg == null ? null : Aggregation.parse(agg.agg, "--agg"), level, budget, tolerance, maxSeeds),
        common.overrides);
    RefineSettings refine = refinement.settings();
    out.printf(Locale.ROOT, "refining %s of %s along %s (%s axis) at level %s, budget %d runs, tolerance %s%n",
        refine.agg().label(), metric, axis, refine.logAxis() ? "log" : "linear", level, budget, tolerance);
    out.flush();
    RefineResult result;
    try (Progress progress = Progress.of(sweepName.sweep + " (refine)", budget, !quiet.quiet)) {
      result = refinement.run(progress::advance, line -> {
        out.println(line);
        out.flush();
      });
    }
    print(sweeps.store(), refinement.cellAxes(), result, out);
    return 0;
  }

  private void print(Store store, List<Parameter> cellAxes, RefineResult r, PrintWriter out) {
    StructType schema = new StructType()
        .add("cell", DataTypes.StringType).add("boundary", DataTypes.DoubleType)
        .add("bracket_low", DataTypes.DoubleType).add("bracket_high", DataTypes.DoubleType)
        .add("points", DataTypes.IntegerType).add("resolved", DataTypes.BooleanType).add("status", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (Boundary b : r.boundaries()) {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < cellAxes.size(); i++) {
        parts.add(cellAxes.get(i).column() + "=" + b.cell().get(i));
      }
      Crossing c = b.crossing();
      rows.add(RowFactory.create(parts.isEmpty() ? "(all runs)" : String.join(", ", parts),
          SweepRows.nullIfNaN(c.at()), SweepRows.nullIfNaN(c.low()), SweepRows.nullIfNaN(c.high()),
          b.points(), b.resolved(), c.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
    }
    TableOutput.print(store.spark().createDataFrame(rows, schema), TableOutput.Format.table, Integer.MAX_VALUE, out);
    long located = r.boundaries().stream().filter(b -> b.crossing().status() == Crossing.Status.CROSSED).count();
    out.printf(Locale.ROOT, "stopped: %s after %d rounds; boundary inside the range in %d of %d cells%n",
        r.stopReason(), r.rounds(), located, r.boundaries().size());
    out.printf(Locale.ROOT, "runs: %d new (%d before, %d in all)", r.newRuns(), r.initialRuns(),
        r.initialRuns() + r.newRuns());
    if (r.uniformRuns() > 0) {
      out.printf(Locale.ROOT, "; a uniform grid with brackets as narrow (relative width %.3g) needs %d runs%n",
          r.resolution(), r.uniformRuns());
    } else {
      out.println();
    }
    out.flush();
  }
}
