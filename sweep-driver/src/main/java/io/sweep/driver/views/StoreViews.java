package io.sweep.driver.views;

import io.sweep.driver.phase.PhaseTables;
import io.sweep.driver.store.Store;
import io.sweep.driver.store.Tables;

/**
 * The SQL views over a store, as {@code sql}, the notebooks and the tests query it: {@code runs},
 * {@code trajectories} (each run and step once), {@code weights} (each ok run's final tensors), {@code sweeps} (one row per sweep), {@code
 * sweep_log} (one row per start and end of each invocation), {@code phases} and {@code thresholds}
 * (the latest computation of each diagram and threshold).
 *
 * <p>Here, above both the store and the phase package, because the views span the tables of both
 * and the store must not depend on the phase package.
 */
public final class StoreViews {
  private StoreViews() {}

  /** Registers every view of {@code store} in its Spark session, replacing earlier ones. */
  public static void register(Store store) {
    PhaseTables.phases(store).createOrReplaceTempView(Tables.PHASES);
    PhaseTables.thresholds(store).createOrReplaceTempView(Tables.THRESHOLDS);
    store.runs().createOrReplaceTempView(Tables.RUNS);
    store.trajectories().createOrReplaceTempView(Tables.TRAJECTORIES);
    store.weights().createOrReplaceTempView(Tables.WEIGHTS);
    store.read(Tables.SWEEP_LOG, Tables.SWEEP_LOG_SCHEMA).createOrReplaceTempView("sweep_log");
    store.spark()
        .sql(
            "SELECT sweep, sweep AS name, max_by(config, started_at) AS config, "
                + "max_by(source, started_at) AS source, "
                + "max_by(planned_runs, started_at) AS planned_runs, "
                + "min(started_at) AS started_at, max(ended_at) AS ended_at, "
                + "max_by(engine_version, started_at) AS engine_version, "
                + "count(DISTINCT invocation) AS invocations "
                + "FROM sweep_log GROUP BY sweep")
        .createOrReplaceTempView(Tables.SWEEPS);
  }
}
