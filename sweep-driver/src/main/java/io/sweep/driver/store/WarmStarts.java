package io.sweep.driver.store;

import io.sweep.driver.UserError;
import io.sweep.driver.config.Axis;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.driver.plan.PlannedRuns;
import io.sweep.driver.plan.SweepPlan;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Resolves the warm starts of a plan ({@code model.init-from}) once, on the driver, at plan
 * time: every run id named is read from the store's {@code weights} view (one Spark job), checked
 * against each run's model, and shipped inside the run's spec ({@link
 * io.sweep.worker.spec.RunSpec#start()}), so the worker reads nothing. A run id that is not in
 * the store, a run without weights, or a network of another shape is a {@link UserError} naming
 * the key, where it was set and both shapes; nothing is written before.
 */
public final class WarmStarts {
  private WarmStarts() {}

  /** The plan with its warm starts resolved; the plan itself when no run has one. */
  public static SweepPlan resolve(Store store, SweepPlan plan) {
    List<PlannedRun> runs = resolve(store, plan.settings(), plan.runs());
    return runs == plan.runs() ? plan : new SweepPlan(plan.settings(), runs);
  }

  /**
   * The runs with their warm starts resolved; {@code runs} itself when none has one. Every run is
   * checked here (two passes over {@code runs}, nothing kept per run); the result attaches the
   * start as each run is built ({@link PlannedRuns#map}), so a large plan stays unexpanded.
   */
  public static List<PlannedRun> resolve(Store store, SweepSettings settings, List<PlannedRun> runs) {
    if (settings.axis(Parameter.INIT_FROM) == null
        && initFrom(settings.base().get(Parameter.INIT_FROM)) == null) {
      return runs; // no run can start warm: no pass over a large plan
    }
    Set<String> ids = new LinkedHashSet<>();
    for (PlannedRun r : runs) {
      String from = initFrom(r);
      if (from != null) {
        ids.add(from);
      }
    }
    if (ids.isEmpty()) {
      return runs;
    }
    Map<String, StoredNetwork> networks = store.networks(ids);
    for (String id : ids) {
      if (!networks.containsKey(id)) {
        throw new UserError(where(settings) + ": " + Parameter.INIT_FROM.path() + ": "
            + whyNoWeights(store, id));
      }
    }
    for (PlannedRun r : runs) {
      String from = initFrom(r);
      if (from == null) {
        continue;
      }
      StoredNetwork n = networks.get(from);
      int d = r.spec().data().inputDim();
      if (!n.fits(r.spec().model(), d)) {
        throw new UserError(where(settings) + ": " + Parameter.INIT_FROM.path() + ": the stored "
            + "network of run " + from + " (" + n.shape() + ") does not fit run " + r.runId()
            + " (" + StoredNetwork.shape(r.spec().model().depth(), r.spec().model().width(), d,
                r.spec().model().outputDim(), r.spec().model().bias()) + ")");
      }
    }
    return PlannedRuns.map(runs, r -> {
      String from = initFrom(r);
      if (from == null) {
        return r;
      }
      double perturb = ((Number) r.values().get(Parameter.INIT_PERTURB)).doubleValue();
      return new PlannedRun(r.spec().withStart(networks.get(from).start(perturb)), r.values());
    });
  }

  /** The run id a run starts from, null for a fresh start. */
  private static String initFrom(PlannedRun r) {
    return initFrom(r.values().get(Parameter.INIT_FROM));
  }

  private static String initFrom(Object value) {
    String from = (String) value;
    return from == null || from.isEmpty() ? null : from;
  }

  /** Why a run id has no weights: not in the store, not ok, or stored without weights. */
  private static String whyNoWeights(Store store, String id) {
    Dataset<Row> runs = store.runs();
    List<Row> rows = runs.where(runs.col("run_id").equalTo(id)).select("sweep", "status")
        .collectAsList();
    if (rows.isEmpty()) {
      return "no run '" + id + "' in store " + store.location() + " (give a full run id, as the"
          + " run_id column of the runs view shows it)";
    }
    String sweep = rows.get(0).getString(0);
    String status = rows.get(0).getString(1);
    if (!"ok".equals(status)) {
      return "run " + id + " of sweep " + sweep + " is " + status
          + ": only ok runs have weights to start from";
    }
    return "run " + id + " of sweep " + sweep + " has no stored weights (it ran with"
        + " engine.store-weights = false, or before weights were stored)";
  }

  /** Where init-from was set: its axis's file:line, or the sweep file. */
  private static String where(SweepSettings settings) {
    Axis axis = settings.axis(Parameter.INIT_FROM);
    return axis != null && axis.origin() != null ? axis.origin() : settings.source();
  }
}
