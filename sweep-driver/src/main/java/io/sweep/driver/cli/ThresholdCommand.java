package io.sweep.driver.cli;

import io.sweep.driver.phase.PhaseTables;
import io.sweep.driver.phase.Threshold;
import io.sweep.driver.phase.Thresholds;
import io.sweep.driver.store.Store;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sweep threshold}: the optimization threshold along an axis for every cell of the other
 * axes, printed and stored in the {@code thresholds} table.
 */
@Command(name = "threshold", description =
    "Estimate the optimization threshold along an axis (default samples) for every cell of the other varied axes: "
        + "where the fraction of seeds that interpolate crosses the level, interpolated in log n, with its bracket.")
final class ThresholdCommand implements Callable<Integer> {
  @Mixin Options.SweepName sweepName;

  @Option(names = "--axis", paramLabel = "AXIS", description = "The axis (default: ${DEFAULT-VALUE}).")
  String axis = "samples";

  @Option(names = "--level", paramLabel = "FRACTION", description = "The interpolating fraction that defines it (default: ${DEFAULT-VALUE}).")
  double level = Thresholds.LEVEL;

  @Mixin Options.Format format;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (!(level > 0 && level < 1)) {
      throw new io.sweep.driver.UserError("--level must lie strictly between 0 and 1, got " + level);
    }
    Store store = common.storeWithViews(common.engine());
    List<Threshold> thresholds = Thresholds.compute(store, sweepName.sweep, axis, level);
    Thresholds.save(store, sweepName.sweep, thresholds);
    PrintWriter out = spec.commandLine().getOut();
    TableOutput.print(store.spark()
            .createDataFrame(Thresholds.rows(sweepName.sweep, thresholds), PhaseTables.THRESHOLDS.schema())
            .select("cell", "threshold", "bracket_low", "bracket_high", "fraction_low", "fraction_high",
                "seeds_low", "seeds_high", "runs", "status"),
        format.format, Integer.MAX_VALUE, out);
    if (format.format == TableOutput.Format.table) {
      long crossed = thresholds.stream().filter(t -> !Double.isNaN(t.value())).count();
      out.printf("threshold along %s (sweep %s, level %s): found in %d of %d cells; saved to the thresholds table%n",
          axis, sweepName.sweep, level, crossed, thresholds.size());
    }
    out.flush();
    return 0;
  }
}
