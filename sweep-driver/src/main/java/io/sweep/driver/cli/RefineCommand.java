package io.sweep.driver.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sweep.driver.UserError;
import io.sweep.driver.config.ConfigLoader;
import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.exec.SweepRunner;
import io.sweep.driver.phase.Aggregation;
import io.sweep.driver.phase.AxisScale;
import io.sweep.driver.phase.Crossing;
import io.sweep.driver.phase.PhaseDiagrams;
import io.sweep.driver.phase.SweepRows;
import io.sweep.driver.refine.Boundary;
import io.sweep.driver.refine.RefineBackend;
import io.sweep.driver.refine.RefineResult;
import io.sweep.driver.refine.RefineSettings;
import io.sweep.driver.refine.Refiner;
import io.sweep.driver.refine.StoreBackend;
import io.sweep.driver.store.Store;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
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
  @Option(names = "--sweep", required = true, paramLabel = "NAME", description = "The sweep (already run).")
  String sweep;

  @Option(names = "--axis", required = true, paramLabel = "AXIS", description = "The numeric axis to refine, e.g. samples or lr.")
  String axis;

  @Option(names = "--metric", required = true, paramLabel = "COLUMN",
      description = "The column or SQL expression whose crossing of LEVEL is the boundary, e.g. interpolated.")
  String metric;

  @Option(names = "--agg", paramLabel = "AGG", description = "mean, median or fraction (default: fraction for a boolean metric, mean otherwise).")
  String agg;

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

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    EngineSettings engine = common.engine();
    Store store = common.storeWithViews(engine);
    SweepSettings settings = storedSettings(store);
    Parameter axisParameter = Parameter.byColumn(axis)
        .filter(p -> p.type().numeric() && p != Parameter.SEED)
        .orElseThrow(() -> new UserError("--axis '" + axis + "' is not a numeric axis column such as samples, lr, batch_size"));
    Dataset<Row> runs = SweepRows.runs(store, sweep);
    java.util.Map<String, List<Object>> values = SweepRows.parameterValues(store, sweep);
    List<Parameter> cellAxes = SweepRows.variedAxes(values, sweep, axis).stream()
        .filter(c -> !c.equals(axis)).map(c -> Parameter.byColumn(c).orElseThrow()).toList();
    Aggregation aggregation = PhaseDiagrams.resolve(metric, agg == null ? null : Aggregation.parse(agg, "--agg"),
        SweepRows.checked("--metric", metric, () -> runs.select(functions.expr(metric)).schema().fields()[0].dataType()));
    double[] axisValues = values.get(axis).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    int seeds = values.get(Parameter.SEED.column()).size();
    RefineSettings refine = new RefineSettings(aggregation, level, budget, tolerance,
        maxSeeds != null ? maxSeeds : 2 * seeds, AxisScale.isLogSpaced(axisValues),
        axisParameter.type() != Parameter.Type.DOUBLE);
    out.printf(Locale.ROOT, "refining %s of %s along %s (%s axis) at level %s, budget %d runs, tolerance %s%n",
        aggregation.label(), metric, axis, refine.logAxis() ? "log" : "linear", level, budget, tolerance);
    out.flush();
    SweepRunner runner = new SweepRunner(store.spark(), store, engine.waveSize(), engine.packSize());
    RefineResult result;
    try (Progress progress = Progress.of(sweep + " (refine)", budget, !quiet)) {
      RefineBackend backend = new StoreBackend(store, settings, axisParameter, cellAxes, metric, aggregation,
          runner, progress::advance);
      result = new Refiner(backend, refine, line -> {
        out.println(line);
        out.flush();
      }).refine();
    }
    print(store, cellAxes, result, out);
    return 0;
  }

  /** The sweep's settings as its latest invocation stored them. */
  private SweepSettings storedSettings(Store store) {
    List<Row> rows = store.spark().table("sweeps").where(functions.col("sweep").equalTo(sweep))
        .select("config").collectAsList();
    if (rows.isEmpty()) {
      SweepRows.runs(store, sweep); // names the sweeps the store has
      throw new UserError("sweep '" + sweep + "' has runs but no record in the sweeps table of " + store.location());
    }
    Config config = ConfigFactory.parseString(rows.get(0).getString(0)).atKey("sweep")
        .withFallback(ConfigLoader.load(null, common.overrides)).resolve();
    return SettingsParser.sweep(config, "sweeps table of " + store.location());
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
