package io.sweep.driver.store;

import io.sweep.driver.config.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of every table, declared once and used by the writer, the reader, the SQL views and
 * the tests (a golden test pins them). Tables are Parquet directories under the store root,
 * partitioned by {@code sweep}. Columns may be added at the end in later versions; readers always
 * read with these schemas, so older files show nulls for newer columns.
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

  /** One row per run: identity, every parameter, outcome, cost, provenance. */
  public static final StructType RUNS_SCHEMA = runsSchema();

  /** One row per invocation of {@code run} at its start, and one more at its end. */
  public static final StructType SWEEP_LOG_SCHEMA =
      new StructType(
          new StructField[] {
            field("sweep", DataTypes.StringType, false),
            field("invocation", DataTypes.StringType, false),
            field("source", DataTypes.StringType, true),
            field("config", DataTypes.StringType, false),
            field("planned_runs", DataTypes.LongType, false),
            field("pending_runs", DataTypes.LongType, false),
            field("started_at", DataTypes.TimestampType, false),
            field("ended_at", DataTypes.TimestampType, true),
            field("state", DataTypes.StringType, false),
            field("engine_version", DataTypes.StringType, false),
          });

  /** Training curve points of each run, every {@code log-every} steps. */
  public static final StructType TRAJECTORIES_SCHEMA =
      new StructType(
          new StructField[] {
            field("sweep", DataTypes.StringType, false),
            field("run_id", DataTypes.StringType, false),
            field("step", DataTypes.LongType, false),
            field("train_loss", DataTypes.DoubleType, true),
            field("test_loss", DataTypes.DoubleType, true),
            field("independent_neurons", DataTypes.IntegerType, true),
            field("collapse_fraction", DataTypes.DoubleType, true),
            field("stable_rank", DataTypes.DoubleType, true),
            field("hessian_max_eig", DataTypes.DoubleType, true),
          });

  /**
   * One row per cell of a phase diagram. {@code diagram} describes the query (metric, aggregation,
   * axes, facet, step, filter); the view keeps the latest computation of each diagram.
   */
  public static final StructType PHASES_SCHEMA =
      new StructType(
          new StructField[] {
            field("sweep", DataTypes.StringType, false),
            field("diagram", DataTypes.StringType, false),
            field("metric", DataTypes.StringType, false),
            field("agg", DataTypes.StringType, false),
            field("x_axis", DataTypes.StringType, false),
            field("y_axis", DataTypes.StringType, false),
            field("facet_axis", DataTypes.StringType, true),
            field("at_step", DataTypes.LongType, true),
            field("where_clause", DataTypes.StringType, true),
            field("x", DataTypes.DoubleType, false),
            field("y", DataTypes.DoubleType, false),
            field("facet", DataTypes.StringType, true),
            field("value", DataTypes.DoubleType, true),
            field("ci_low", DataTypes.DoubleType, true),
            field("ci_high", DataTypes.DoubleType, true),
            field("seeds", DataTypes.IntegerType, false),
            field("runs", DataTypes.IntegerType, false),
            field("diverged", DataTypes.IntegerType, false),
            field("failed", DataTypes.IntegerType, false),
            field("computed_at", DataTypes.TimestampType, false),
            field("engine_version", DataTypes.StringType, false),
          });

  /**
   * One row per cell of the other axes: the optimization threshold along {@code axis}, its
   * bracket and the counts behind it; the view keeps the latest computation per (sweep, axis).
   */
  public static final StructType THRESHOLDS_SCHEMA =
      new StructType(
          new StructField[] {
            field("sweep", DataTypes.StringType, false),
            field("axis", DataTypes.StringType, false),
            field("cell", DataTypes.StringType, false),
            field("cell_values", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false),
            field("level", DataTypes.DoubleType, false),
            field("threshold", DataTypes.DoubleType, true),
            field("bracket_low", DataTypes.DoubleType, true),
            field("bracket_high", DataTypes.DoubleType, true),
            field("fraction_low", DataTypes.DoubleType, true),
            field("fraction_high", DataTypes.DoubleType, true),
            field("seeds_low", DataTypes.IntegerType, false),
            field("seeds_high", DataTypes.IntegerType, false),
            field("points", DataTypes.IntegerType, false),
            field("runs", DataTypes.IntegerType, false),
            field("status", DataTypes.StringType, false),
            field("computed_at", DataTypes.TimestampType, false),
            field("engine_version", DataTypes.StringType, false),
          });

  private Tables() {}

  private static StructType runsSchema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(field("sweep", DataTypes.StringType, false));
    fields.add(field("run_id", DataTypes.StringType, false));
    for (Parameter p : Parameter.values()) {
      fields.add(field(p.column(), sparkType(p.type()), false));
    }
    fields.add(field("status", DataTypes.StringType, false));
    fields.add(field("error", DataTypes.StringType, true));
    fields.add(field("train_loss", DataTypes.DoubleType, true));
    fields.add(field("test_loss", DataTypes.DoubleType, true));
    fields.add(field("interpolated", DataTypes.BooleanType, true));
    fields.add(field("vanished_neurons", DataTypes.IntegerType, true));
    fields.add(field("redundant_neurons", DataTypes.IntegerType, true));
    fields.add(field("independent_neurons", DataTypes.IntegerType, true));
    fields.add(field("collapse_fraction", DataTypes.DoubleType, true));
    fields.add(field("stable_rank", DataTypes.DoubleType, true));
    fields.add(field("effective_rank", DataTypes.DoubleType, true));
    fields.add(field("top_singular_fraction", DataTypes.DoubleType, true));
    fields.add(field("hessian_max_eig", DataTypes.DoubleType, true));
    fields.add(field("hessian_trace", DataTypes.DoubleType, true));
    fields.add(field("hessian_trace_se", DataTypes.DoubleType, true));
    fields.add(field("hessian_frobenius", DataTypes.DoubleType, true));
    fields.add(field("hessian_frobenius_se", DataTypes.DoubleType, true));
    fields.add(field("hessian_method", DataTypes.StringType, true));
    fields.add(field("stability_ratio", DataTypes.DoubleType, true));
    fields.add(field("frobenius_bound_ratio", DataTypes.DoubleType, true));
    fields.add(field("ols_distance", DataTypes.DoubleType, true));
    fields.add(field("steps_done", DataTypes.LongType, false));
    fields.add(field("wall_seconds", DataTypes.DoubleType, false));
    fields.add(field("diagnostics_seconds", DataTypes.DoubleType, false));
    fields.add(field("executor", DataTypes.StringType, true));
    fields.add(field("device", DataTypes.StringType, false));
    fields.add(field("gpu_assigned", DataTypes.StringType, true));
    fields.add(field("engine_version", DataTypes.StringType, false));
    fields.add(field("finished_at", DataTypes.TimestampType, false));
    return new StructType(fields.toArray(StructField[]::new));
  }

  /** The Spark type of a parameter's column. */
  public static DataType sparkType(Parameter.Type type) {
    return switch (type) {
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case STRING -> DataTypes.StringType;
    };
  }

  private static StructField field(String name, DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }
}
