package io.sweep.driver.cli;

import io.sweep.driver.app.Diagnosis;
import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.store.Store;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sweep diagnose}: a stored sweep's diagnostics recomputed from its stored weights. */
@Command(name = "diagnose", description = {
    "Recompute the end-of-run diagnostics of a stored sweep's ok runs from their stored weights "
        + "(the weights table), without training, with today's code and the sweep's diagnostics "
        + "settings, overridden by --set diagnostics.KEY=VALUE (e.g. --set "
        + "diagnostics.exact-hessian-max-params=0). The result is stored as a new version that "
        + "the runs view shows (its diagnosed_at column says when); the training columns never "
        + "change. Runs stored without weights are skipped and counted."})
final class DiagnoseCommand implements Callable<Integer> {
  @Mixin Options.SweepName sweepName;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // diagnostics.KEY=VALUE overrides are the sweep's; engine settings stay with --set engine.…
    List<String> diagnostics = new ArrayList<>();
    List<String> engineOnly = new ArrayList<>();
    for (String o : common.overrides) {
      (o.strip().startsWith("engine.") ? engineOnly : diagnostics).add(o);
    }
    common.overrides = engineOnly;
    EngineSettings engine = common.engine();
    Store store = Store.open(common.spark(engine), engine.store());
    Diagnosis.Outcome o = Diagnosis.run(store, sweepName.sweep, diagnostics);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "diagnosed %d runs of sweep %s in %.1f s (%.3f s of diagnostics per run)%n",
        o.diagnosed(), sweepName.sweep, o.seconds(),
        o.diagnosed() == 0 ? 0.0 : o.diagnoseSeconds() / o.diagnosed());
    if (o.withoutWeights() > 0) {
      out.printf(Locale.ROOT, "skipped %d ok runs without stored weights (stored before weights"
          + " existed, or with engine.store-weights = false)%n", o.withoutWeights());
    }
    if (o.notOk() > 0) {
      out.printf(Locale.ROOT, "skipped %d diverged or failed runs (no diagnostics)%n", o.notOk());
    }
    out.printf(Locale.ROOT, "the runs view shows the new diagnostics (diagnosed_at); store: %s%n",
        store.location());
    out.flush();
    return 0;
  }
}
