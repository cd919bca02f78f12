package io.sweep.driver.store;

import org.apache.spark.sql.types.StructType;

/**
 * The names of every table and the schemas of the store's own tables. Each schema comes from the
 * table's one declaration ({@link TableDef}): {@link RunRows#RUNS}, {@link RunRows#TRAJECTORIES}
 * and {@link SweepLog} here; {@code phases} and {@code thresholds} are declared by the phase
 * package that writes them ({@code PhaseTables}), as the store must not depend on it. A golden test
 * pins every schema. Tables are Parquet directories under the store root, partitioned by {@code
 * sweep}. Columns may be added at the end in later versions; readers always read with these
 * schemas, so older files show nulls for newer columns.
 */
public final class Tables {
  /** Directory (under the store) and view name of the runs table. */
  public static final String RUNS = "runs";
  /** Directory of the per-invocation sweep records; the {@code sweeps} view summarises them. */
  public static final String SWEEP_LOG = "sweeps";
  /** View name of the one-row-per-sweep summary. */
  public static final String SWEEPS = "sweeps";
  /** Directory and view name of the trajectories table. */
  public static final String TRAJECTORIES = "trajectories";
  /** Directory and view name of the phase-diagram cells written by {@code phase}. */
  public static final String PHASES = "phases";
  /** Directory and view name of the threshold estimates written by {@code threshold}. */
  public static final String THRESHOLDS = "thresholds";

  /** Directory and view name of the final parameters of each ok run ({@link WeightRows}). */
  public static final String WEIGHTS = "weights";
  /** Directory of the recomputed diagnostics ({@code diagnose}); read through the runs view. */
  public static final String DIAGNOSES = "diagnoses";

  /** Tensors of each ok run's final parameters. */
  public static final StructType WEIGHTS_SCHEMA = WeightRows.WEIGHTS.schema();

  /** Runs rows with recomputed diagnostics, stamped {@code diagnosed_at}. */
  public static final StructType DIAGNOSES_SCHEMA = RunRows.DIAGNOSES_SCHEMA;

  /** One row per run: identity, every parameter, outcome, cost, provenance. */
  public static final StructType RUNS_SCHEMA = RunRows.RUNS.schema();

  /** One row per invocation of {@code run} at its start, and one more at its end. */
  public static final StructType SWEEP_LOG_SCHEMA = SweepLog.TABLE.schema();

  /** Training curve points of each run, every {@code log-every} steps. */
  public static final StructType TRAJECTORIES_SCHEMA = RunRows.TRAJECTORIES.schema();

  private Tables() {}
}
