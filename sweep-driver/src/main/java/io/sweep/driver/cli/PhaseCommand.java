package io.sweep.driver.cli;

import io.sweep.driver.phase.Aggregation;
import io.sweep.driver.phase.CellStats;
import io.sweep.driver.phase.Heatmaps;
import io.sweep.driver.phase.PhaseDiagram;
import io.sweep.driver.phase.PhaseDiagrams;
import io.sweep.driver.phase.PhaseQuery;
import io.sweep.driver.phase.PhaseTables;
import io.sweep.driver.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sweep phase}: aggregates a metric over seeds into cells of two axes, stores them in the
 * {@code phases} table, prints them and draws the heatmap.
 */
@Command(name = "phase", description =
    "Aggregate a metric over seeds into a phase table (cells of two axes, 95%% intervals) and draw it as a heatmap. "
        + "Axes, metric, facet and --where are Spark SQL expressions over the runs' columns, e.g. --x 'lr / batch_size'.")
final class PhaseCommand implements Callable<Integer> {
  @Mixin Options.SweepName sweepName;

  @Option(names = "--x", required = true, paramLabel = "AXIS", description = "x axis: a column or expression.")
  String x;

  @Option(names = "--y", required = true, paramLabel = "AXIS", description = "y axis: a column or expression.")
  String y;

  @Option(names = "--metric", required = true, paramLabel = "COLUMN", description = "The column or expression aggregated.")
  String metric;

  @Mixin Options.Agg agg;

  @Option(names = "--where", paramLabel = "SQL", description = "Only runs where this SQL condition holds.")
  String where;

  @Option(names = "--facet", paramLabel = "AXIS", description = "A third axis drawn as small multiples.")
  String facet;

  @Option(names = "--at-step", paramLabel = "STEP",
      description = "Draw the runs as they were at this step (from the trajectories table).")
  Long atStep;

  @Option(names = "--level", paramLabel = "VALUE",
      description = "Draw the boundary where the value crosses this level (default: 0.5 for fractions, none otherwise).")
  Double level;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the heatmap to FILE.png or FILE.svg.")
  Path out;

  @Mixin Options.Format format;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PhaseQuery query = new PhaseQuery(sweepName.sweep, x, y, metric, agg.agg == null ? null : Aggregation.parse(agg.agg, "--agg"),
        where, facet, atStep);
    Store store = common.storeWithViews(common.engine());
    PhaseDiagram diagram = PhaseDiagrams.compute(store, query);
    PhaseDiagrams.save(store, diagram);
    PrintWriter printed = spec.commandLine().getOut();
    TableOutput.print(store.spark().createDataFrame(PhaseDiagrams.rows(diagram), PhaseTables.PHASES.schema())
            .select("x", "y", "facet", "value", "ci_low", "ci_high", "seeds", "runs", "diverged", "failed")
            .drop(facet == null ? "facet" : "_none_"),
        format.format, Integer.MAX_VALUE, printed);
    if (format.format == TableOutput.Format.table) {
      int incomplete = (int) diagram.cells().stream().map(c -> c.stats()).filter(CellStats::incomplete).count();
      printed.printf("%s (sweep %s): %d cells, %d with diverged, failed or missing runs; saved to the phases table%n",
          diagram.query().describe(), sweepName.sweep, diagram.cells().size(), incomplete);
    }
    if (out != null) {
      Heatmaps.write(diagram, out, level != null ? level : Heatmaps.defaultLevel(diagram));
      (format.format == TableOutput.Format.table ? printed : spec.commandLine().getErr()).println("heatmap: " + out);
    }
    printed.flush();
    return 0;
  }
}
