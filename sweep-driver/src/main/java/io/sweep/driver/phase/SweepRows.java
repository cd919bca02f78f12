package io.sweep.driver.phase;

import io.sweep.driver.UserError;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.store.Store;
import io.sweep.driver.store.Tables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The rows of one sweep that diagrams and thresholds read: its final {@code runs} rows, or its
 * runs as they were at one step of training (the run's parameters joined with its
 * {@code trajectories} point at that step). Turns Spark's analysis errors in user-given
 * expressions into user errors naming the option.
 */
public final class SweepRows {
  private SweepRows() {}

  /** The runs of {@code sweep}, checked to exist. */
  public static Dataset<Row> runs(Store store, String sweep) {
    Dataset<Row> runs = store.runs();
    Dataset<Row> mine = runs.where(runs.col("sweep").equalTo(sweep));
    if (mine.isEmpty()) {
      List<String> known = runs.select("sweep").distinct().orderBy("sweep").collectAsList().stream()
          .map(r -> r.getString(0)).toList();
      throw new UserError("no runs of sweep '" + sweep + "' in " + store.location()
          + (known.isEmpty() ? " (the store holds no runs)" : "; sweeps there: " + String.join(", ", known)));
    }
    return mine;
  }

  /**
   * The runs of {@code sweep} as they were at {@code step}: parameter columns from {@code runs},
   * metric columns from {@code trajectories}; a run with no point at that step (it diverged
   * earlier) keeps its status and null metrics, any other run counts as {@code ok} there.
   */
  public static Dataset<Row> atStep(Store store, String sweep, long step) {
    Dataset<Row> runs = runs(store, sweep);
    Dataset<Row> traj = store.trajectories();
    Dataset<Row> points = traj.where(traj.col("sweep").equalTo(sweep).and(traj.col("step").equalTo(step)));
    if (points.isEmpty()) {
      Set<Long> steps = new TreeSet<>();
      for (Row r : traj.where(traj.col("sweep").equalTo(sweep)).select("step").distinct().collectAsList()) {
        steps.add(r.getLong(0));
      }
      throw new UserError(UserError.field("at-step") + " " + step + ": sweep '" + sweep + "' has no trajectory points at that step; "
          + (steps.isEmpty() ? "it has no trajectories" : "logged steps: " + summarise(steps)));
    }
    // A run with no point at the step (it diverged earlier) keeps its status; others were ok.
    return withPoints(runs, points, "left",
        status -> functions.when(points.col("step").isNull(), status).otherwise("ok"));
  }

  /**
   * Runs joined with trajectory points on the run id: every column of {@code runs} except the
   * metrics that {@code points} has (those are the point's), then the point's columns.
   *
   * @param join   the Spark join type ({@code inner}, {@code left})
   * @param status the {@code status} column made from the run's status
   */
  public static Dataset<Row> withPoints(Dataset<Row> runs, Dataset<Row> points, String join,
      java.util.function.UnaryOperator<Column> status) {
    Set<String> trajColumns = Set.of(Tables.TRAJECTORIES_SCHEMA.fieldNames());
    List<Column> columns = new ArrayList<>();
    for (String c : runs.columns()) {
      if (c.equals("status")) {
        columns.add(status.apply(runs.col("status")).as("status"));
      } else if (!trajColumns.contains(c) || c.equals("sweep") || c.equals("run_id")) {
        columns.add(runs.col(c));
      }
    }
    for (String c : points.columns()) {
      if (!c.equals("sweep") && !c.equals("run_id")) {
        columns.add(points.col(c));
      }
    }
    return runs.join(points, runs.col("run_id").equalTo(points.col("run_id")), join)
        .select(columns.toArray(Column[]::new));
  }

  /** Evaluates a user expression, turning an analysis or parse error into a user error naming the option. */
  public static <T> T checked(String option, String expression, Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) { // AnalysisException is checked in Java's eyes but undeclared
      if (e instanceof AnalysisException) {
        throw new UserError(option + " '" + expression + "': " + firstLine(e.getMessage()), e);
      }
      throw e;
    }
  }

  /** A double for a table row: NaN ("no value") becomes SQL null. */
  public static Double nullIfNaN(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message).strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static String summarise(Set<Long> steps) {
    Long[] s = steps.toArray(Long[]::new);
    if (s.length <= 8) {
      return Arrays.toString(s);
    }
    return s[0] + ", " + s[1] + ", " + s[2] + ", …, " + s[s.length - 1] + " (" + s.length + " steps)";
  }

  /**
   * The parameter columns that take more than one value in the sweep's runs, seeds excluded, in
   * canonical order; checks that {@code axis} is one of them.
   */
  public static List<String> variedAxes(Store store, String sweep, String axis) {
    return variedAxes(parameterValues(store, sweep), sweep, axis);
  }

  /** The distinct values of every parameter column (seed included) among the sweep's runs, in one Spark job. */
  public static Map<String, List<Object>> parameterValues(Store store, String sweep) {
    List<String> columns = Arrays.stream(Parameter.values()).map(Parameter::column).toList();
    return store.distinctValues(Tables.RUNS, Tables.RUNS_SCHEMA, sweep, columns);
  }

  /**
   * The axes whose values make the cells of a threshold or refinement along {@code axis}: the
   * other {@code varied} axes, less those {@code axis} determines (one value per value of {@code
   * axis} in {@code runs}) — {@code batch_size} of a full-batch sweep over {@code samples} equals
   * the sample count, and as a cell axis it would put every sample count in a cell of its own.
   */
  public static List<String> cellAxes(Dataset<Row> runs, List<String> varied, String axis) {
    List<String> others = varied.stream().filter(c -> !c.equals(axis)).toList();
    if (others.isEmpty()) {
      return others;
    }
    Column[] perAxisValue = others.stream()
        .map(c -> functions.max(functions.col("_n_" + c)).as(c)).toArray(Column[]::new);
    Column[] distinct = others.stream()
        .map(c -> functions.countDistinct(functions.col(c)).as("_n_" + c)).toArray(Column[]::new);
    Row most = runs.groupBy(functions.col(axis))
        .agg(distinct[0], Arrays.copyOfRange(distinct, 1, distinct.length))
        .agg(perAxisValue[0], Arrays.copyOfRange(perAxisValue, 1, perAxisValue.length)).first();
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < others.size(); i++) {
      if (most.isNullAt(i) || most.getLong(i) > 1) {
        cells.add(others.get(i));
      }
    }
    return cells;
  }

  /** {@link #variedAxes(Store, String, String)} over values already read by {@link #parameterValues}. */
  public static List<String> variedAxes(Map<String, List<Object>> values, String sweep, String axis) {
    List<String> columns = Arrays.stream(Parameter.values()).filter(p -> p != Parameter.SEED)
        .map(Parameter::column).toList();
    if (!columns.contains(axis)) {
      throw new UserError(UserError.field("axis") + " '" + axis + "' is not a parameter column; axes: " + String.join(", ", columns));
    }
    List<String> varied = columns.stream().filter(c -> values.get(c).size() > 1).toList();
    if (!varied.contains(axis)) {
      throw new UserError(UserError.field("axis") + " " + axis + ": sweep '" + sweep + "' has a single value of " + axis + " ("
          + values.get(axis).stream().map(String::valueOf).findFirst().orElse("none")
          + "); the threshold needs a sweep over it");
    }
    return varied;
  }
}
