package io.sweep.driver.phase;

import io.sweep.driver.EngineVersion;
import io.sweep.driver.UserError;
import io.sweep.driver.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;

/**
 * Computes phase diagrams from a store: selects the sweep's runs (or their state at a step),
 * evaluates the axis, facet and metric expressions in Spark, and aggregates the few resulting
 * rows per cell on the driver ({@link CellStats}). Saves them to the {@code phases} table.
 */
public final class PhaseDiagrams {
  private PhaseDiagrams() {}

  /**
   * The diagram of {@code query}.
   *
   * @throws UserError for an unknown sweep, a bad expression, a step without trajectories, or an
   *     aggregation that does not fit the metric's type
   */
  public static PhaseDiagram compute(Store store, PhaseQuery query) {
    Dataset<Row> rows = query.atStep() == null
        ? SweepRows.runs(store, query.sweep())
        : SweepRows.atStep(store, query.sweep(), query.atStep());
    Dataset<Row> base = rows;
    if (query.where() != null) {
      rows = SweepRows.checked(UserError.field("where"), query.where(), () -> base.where(query.where()).toDF());
    }
    Dataset<Row> filtered = rows;
    Dataset<Row> selected = SweepRows.checked(UserError.field("x"), query.x(), () -> filtered.withColumn("_x", functions.expr(query.x())));
    selected = checkedColumn(selected, UserError.field("y"), query.y(), "_y");
    selected = checkedColumn(selected, UserError.field("metric"), query.metric(), "_m");
    selected = query.facet() == null
        ? selected.withColumn("_f", functions.lit(null).cast("string"))
        : checkedColumn(selected, UserError.field("facet"), query.facet(), "_f");
    requireNumeric(selected, "_x", UserError.field("x"), query.x());
    requireNumeric(selected, "_y", UserError.field("y"), query.y());
    Aggregation agg = resolve(query.metric(), query.agg(), selected.schema().apply("_m").dataType());
    List<Row> collected = selected
        .select(functions.col("_x").cast("double"), functions.col("_y").cast("double"),
            functions.col("_f").cast("string"), metricAsDouble(agg), functions.col("status"))
        .collectAsList();
    return PhaseDiagram.of(query.withAgg(agg), aggregate(agg, collected));
  }

  /** Groups (x, y, facet, metric, status) rows into cells and summarises each. */
  static List<PhaseCell> aggregate(Aggregation agg, List<Row> rows) {
    Map<Key, List<Row>> groups = new TreeMap<>();
    for (Row r : rows) {
      if (r.isNullAt(0) || r.isNullAt(1)) {
        continue; // an axis expression undefined for this run (e.g. divided by zero)
      }
      groups.computeIfAbsent(new Key(r.isNullAt(2) ? null : r.getString(2), r.getDouble(1), r.getDouble(0)),
          k -> new ArrayList<>()).add(r);
    }
    List<PhaseCell> cells = new ArrayList<>();
    for (Map.Entry<Key, List<Row>> g : groups.entrySet()) {
      List<Double> values = new ArrayList<>();
      int diverged = 0;
      int failed = 0;
      for (Row r : g.getValue()) {
        String status = r.getString(4);
        diverged += "diverged".equals(status) ? 1 : 0;
        failed += "failed".equals(status) ? 1 : 0;
        // Means and medians take ok runs only: a diverged run's last finite loss can be 1e38 and
        // swamp its cell. A boolean about the run itself, such as status = 'diverged', counts for
        // every run that has a value.
        boolean counts = agg == Aggregation.FRACTION || "ok".equals(status);
        if (counts && !r.isNullAt(3) && Double.isFinite(r.getDouble(3))) {
          values.add(r.getDouble(3));
        }
      }
      Key k = g.getKey();
      cells.add(new PhaseCell(k.x, k.y, k.facet,
          CellStats.of(agg, values, g.getValue().size(), diverged, failed)));
    }
    return cells;
  }

  /** Appends the diagram's cells to the {@code phases} table. */
  public static void save(Store store, PhaseDiagram d) {
    store.append(PhaseTables.PHASES, rows(d));
  }

  /** The diagram's cells as rows of {@link PhaseTables#PHASES}, computed now by this engine. */
  public static List<Row> rows(PhaseDiagram d) {
    Instant now = Instant.now();
    return PhaseTables.PHASES.rows(d.cells().stream()
        .map(c -> new PhaseTables.CellRow(d.query(), c, now, EngineVersion.get())).toList());
  }

  private static Dataset<Row> checkedColumn(Dataset<Row> ds, String option, String expression, String name) {
    return SweepRows.checked(option, expression, () -> ds.withColumn(name, functions.expr(expression)));
  }

  private static void requireNumeric(Dataset<Row> ds, String column, String option, String expression) {
    DataType t = ds.schema().apply(column).dataType();
    if (!(t instanceof NumericType)) {
      throw new UserError(option + " '" + expression + "' is " + t.simpleString()
          + "; an axis must be numeric (use " + UserError.field("facet") + " for a text column such as activation)");
    }
  }

  /**
   * The aggregation for a metric of this type: {@code requested}, or by default fraction for a
   * boolean metric and mean otherwise.
   *
   * @throws UserError when the requested aggregation does not fit the type
   */
  public static Aggregation resolve(String metric, Aggregation requested, DataType metricType) {
    boolean bool = metricType instanceof BooleanType;
    if (!bool && !(metricType instanceof NumericType)) {
      throw new UserError(UserError.field("metric") + " '" + metric + "' is " + metricType.simpleString()
          + "; give a numeric column or expression, or a boolean one with " + UserError.field("agg") + " fraction");
    }
    Aggregation agg = requested != null ? requested : bool ? Aggregation.FRACTION : Aggregation.MEAN;
    if (agg == Aggregation.FRACTION && !bool) {
      throw new UserError(UserError.field("agg") + " fraction needs a boolean metric, but '" + metric + "' is "
          + metricType.simpleString() + "; e.g. " + UserError.field("metric") + " interpolated, or " + UserError.field("metric") + " 'collapse_fraction > 0.5'");
    }
    if (agg != Aggregation.FRACTION && bool) {
      throw new UserError(UserError.field("agg") + " " + agg.label() + " needs a numeric metric, but '" + metric
          + "' is boolean; use " + UserError.field("agg") + " fraction");
    }
    return agg;
  }

  private static org.apache.spark.sql.Column metricAsDouble(Aggregation agg) {
    return agg == Aggregation.FRACTION
        ? functions.when(functions.col("_m").isNull(), functions.lit(null).cast("double"))
            .when(functions.col("_m"), 1.0).otherwise(0.0)
        : functions.col("_m").cast("double");
  }

  /** Orders facet values numerically when both are numbers, as text otherwise. */
  static int compareFacets(String a, String b) {
    try {
      return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }

  /** Cell key ordered by facet (nulls first), y, x. */
  private record Key(String facet, double y, double x) implements Comparable<Key> {
    private static final Comparator<Key> ORDER = Comparator
        .comparing(Key::facet, Comparator.nullsFirst(PhaseDiagrams::compareFacets))
        .thenComparingDouble(Key::y).thenComparingDouble(Key::x);

    @Override
    public int compareTo(Key o) {
      return ORDER.compare(this, o);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(facet, k.facet) && Double.compare(y, k.y) == 0
          && Double.compare(x, k.x) == 0;
    }

    @Override
    public int hashCode() {
      return Objects.hash(facet, y, x);
    }
  }
}
