package io.sweep.driver.cli;

import io.sweep.driver.config.Axis;
import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.config.Values;
import io.sweep.driver.plan.CostModel;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.plan.PackPlan;
import io.sweep.driver.plan.SweepPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sweep plan CONF}: the axes, run count and estimated cost; trains nothing, starts no Spark. */
@Command(name = "plan", description = "Dry run: axes, number of runs, estimated cost. Trains nothing.")
final class PlanCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONF", description = "The sweep file (HOCON).")
  Path conf;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    SettingsParser.Settings settings = common.settings(conf);
    EngineSettings engine = settings.engine();
    SweepPlan plan = GridExpander.expand(settings.sweep());
    print(plan, engine, common.master != null ? common.master : engine.master(), spec.commandLine().getOut());
    return 0;
  }

  static void print(SweepPlan plan, EngineSettings engine, String master, PrintWriter out) {
    SweepSettings s = plan.settings();
    out.printf("sweep %s  (%s)%n", s.name(), s.source());
    out.println("axes:");
    for (Axis a : s.axes()) {
      out.printf("  %-18s %4d  %s%n", a.name(), a.values().size(), a.describeValues());
    }
    if (s.axes().isEmpty()) {
      out.println("  (none: a single run)");
    }
    out.println("fixed:");
    StringBuilder fixed = new StringBuilder();
    for (Parameter p : Parameter.values()) {
      if (s.axis(p) == null && !p.derived()) {
        fixed.append(String.format("  %s = %s%n", p.key(), Values.canonical(s.base().get(p))));
      } else if (p == Parameter.SCHEDULE) { // phase axes vary the fixed schedule's knobs
        fixed.append(String.format("  %s = %s (phase axes vary it)%n", p.key(), s.base().get(p)));
      }
    }
    out.print(fixed);
    CostModel.Estimate e = CostModel.estimate(plan);
    out.printf("runs: %d%n", plan.runs().size());
    int size = PackPlan.packSize(plan.runs().size(), engine.packSize(), engine.minPacks());
    int packs = PackPlan.of(plan.runs(), engine.packSize(), engine.minPacks()).packs();
    out.printf("packs: %d of at most %d runs (engine.pack-size = %d, engine.min-packs = %d)%n",
        packs, size, engine.packSize(), engine.minPacks());
    out.printf(Locale.ROOT, "cost: %,d SGD steps, %.3g GFLOP of training%n", e.steps(), e.flops() / 1e9);
    int cores = localCores(master);
    if (cores > 0) {
      out.printf(Locale.ROOT, "estimate: %s of CPU time, about %s on %d cores (%s)%s%n",
          duration(e.coreSeconds()), duration(e.wallSeconds(cores, packs)), cores, master,
          packs < cores ? ", " + packs + " of them busy: one pack per core at most" : "");
    } else {
      out.printf(Locale.ROOT, "estimate: %s of CPU time; divide by the cluster's cores (%s)%n",
          duration(e.coreSeconds()), master);
    }
    out.printf("store: %s%n", engine.store());
    out.flush();
  }

  /** Cores of a local master: local → 1, local[N] → N, local[*] → all; 0 for a cluster. */
  static int localCores(String master) {
    if (master.equals("local")) {
      return 1;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("local\\[(\\*|\\d+)(,\\s*\\d+)?]").matcher(master);
    if (!m.matches()) {
      return 0;
    }
    return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
  }

  static String duration(double seconds) {
    if (seconds < 120) {
      return String.format(Locale.ROOT, "%.0f s", seconds);
    }
    if (seconds < 7200) {
      return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }
    return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
  }
}
