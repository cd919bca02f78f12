package io.sweep.driver.curves;

import io.sweep.driver.UserError;
import io.sweep.driver.phase.SweepRows;
import io.sweep.driver.store.Store;
import io.sweep.driver.store.Tables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Reads the learning curves of a {@link CurveQuery} from a store: the sweep's {@code trajectories}
 * joined with its {@code runs} on (sweep, run_id) for the parameter columns, filtered, grouped by
 * (facet, grouping value, step) in Spark, each group's values collected and aggregated on the
 * driver by {@link LearningCurves}. Spark's analysis errors in the user's expressions become user
 * errors naming the field.
 */
public final class TrajectoryCurves {
  private TrajectoryCurves() {}

  /** The metric columns of {@code trajectories} (all but sweep, run_id and step), in table order. */
  public static List<String> metricColumns() {
    return Arrays.stream(Tables.TRAJECTORIES_SCHEMA.fieldNames())
        .filter(c -> !Set.of("sweep", "run_id", "step").contains(c)).toList();
  }

  /**
   * The curves of {@code query}.
   *
   * @throws UserError for an unknown sweep or metric, a bad expression, no points left by the
   *     filter, or a non-positive value on a log axis
   */
  public static LearningCurves compute(Store store, CurveQuery query) {
    if (!metricColumns().contains(query.metric())) {
      throw new UserError(UserError.field("metric") + " '" + query.metric() + "' is not a column of trajectories; allowed: "
          + String.join(", ", metricColumns()));
    }
    Dataset<Row> rows = joined(store, query.sweep());
    if (query.where() != null) {
      Dataset<Row> all = rows;
      rows = SweepRows.checked(UserError.field("where"), query.where(), () -> all.where(query.where()).toDF());
    }
    rows = labelled(rows, UserError.field("by"), query.by(), "_by");
    rows = labelled(rows, UserError.field("facet"), query.facet(), "_facet");
    Column ok = functions.col("status").equalTo("ok");
    Row counts = rows.agg(functions.countDistinct(functions.when(ok, functions.col("run_id"))),
        functions.countDistinct(functions.when(functions.not(ok), functions.col("run_id")))).first();
    List<StepValues> steps = new ArrayList<>();
    for (Row r : rows.where(ok.and(functions.col(query.metric()).isNotNull()))
        .groupBy(functions.col("_facet"), functions.col("_by"), functions.col("step"))
        .agg(functions.collect_list(functions.col(query.metric()).cast("double")))
        .collectAsList()) {
      double[] values = r.<Double>getList(3).stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
      steps.add(new StepValues(r.isNullAt(0) ? null : r.getString(0), r.isNullAt(1) ? null : r.getString(1), r.getLong(2),
          values));
    }
    if (steps.isEmpty()) {
      throw new UserError("no trajectory points of " + query.metric() + " in sweep '" + query.sweep() + "'"
          + (query.where() != null ? " where " + query.where() + " (" + UserError.field("where") + ")" : "")
          + (counts.getLong(1) > 0 ? "; " + counts.getLong(1) + " runs left out because they diverged or failed" : ""));
    }
    return LearningCurves.of(query, steps, counts.getLong(0), counts.getLong(1));
  }

  /**
   * The sweep's trajectory points with their run's columns: parameters and status from {@code
   * runs}, step and metrics from {@code trajectories} (the run's final metrics are not kept, so
   * {@code train_loss} means the value at the point's step).
   */
  static Dataset<Row> joined(Store store, String sweep) {
    Dataset<Row> runs = SweepRows.runs(store, sweep);
    Dataset<Row> traj = store.trajectories();
    Dataset<Row> points = traj.where(traj.col("sweep").equalTo(sweep));
    return SweepRows.withPoints(runs, points, "inner", status -> status);
  }

  /** Adds {@code expression} as text column {@code name} (null when no expression). */
  private static Dataset<Row> labelled(Dataset<Row> rows, String field, String expression, String name) {
    if (expression == null) {
      return rows.withColumn(name, functions.lit(null).cast("string"));
    }
    return SweepRows.checked(field, expression, () -> rows.withColumn(name, functions.expr(expression).cast("string")));
  }
}
