package io.sweep.driver.phase;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.sweep.driver.store.Store;
import io.sweep.driver.store.TableDef;
import io.sweep.driver.store.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The tables the phase package writes, each declared once: {@link #PHASES} and {@link #THRESHOLDS}
 * give both schema and rows. Declared here rather than in the store, which must not depend on the
 * package that writes them. Both are appended to on every computation, stamped with its time and
 * engine; their views keep the latest computation. A NaN ("no value") is stored as null.
 */
public final class PhaseTables {

  /**
   * What one {@code phases} row is made of: a diagram's query, one of its cells, and when and by
   * which engine the diagram was computed (one instant for all its cells: the view keeps the cells
   * of the latest).
   */
  public record CellRow(PhaseQuery query, PhaseCell cell, Instant computedAt, String engineVersion) {}

  /**
   * What one {@code thresholds} row is made of: a sweep's threshold in one cell, and when and by
   * which engine it was computed.
   */
  public record ThresholdRow(String sweep, Threshold threshold, Instant computedAt, String engineVersion) {}

  /**
   * One row per cell of a phase diagram. {@code diagram} describes the query (metric, aggregation,
   * axes, facet, step, filter); the view keeps the latest computation of each diagram.
   */
  public static final TableDef<CellRow> PHASES = TableDef.<CellRow>named(Tables.PHASES)
      .required("sweep", StringType, query(PhaseQuery::sweep))
      .required("diagram", StringType, query(PhaseQuery::describe))
      .required("metric", StringType, query(PhaseQuery::metric))
      .required("agg", StringType, query(q -> q.agg().label()))
      .required("x_axis", StringType, query(PhaseQuery::x))
      .required("y_axis", StringType, query(PhaseQuery::y))
      .optional("facet_axis", StringType, query(PhaseQuery::facet))
      .optional("at_step", LongType, query(PhaseQuery::atStep))
      .optional("where_clause", StringType, query(PhaseQuery::where))
      .required("x", DoubleType, cell(PhaseCell::x))
      .required("y", DoubleType, cell(PhaseCell::y))
      .optional("facet", StringType, cell(PhaseCell::facet))
      .optional("value", DoubleType, stats(s -> SweepRows.nullIfNaN(s.value())))
      .optional("ci_low", DoubleType, stats(s -> SweepRows.nullIfNaN(s.low())))
      .optional("ci_high", DoubleType, stats(s -> SweepRows.nullIfNaN(s.high())))
      .required("seeds", IntegerType, stats(CellStats::seeds))
      .required("runs", IntegerType, stats(CellStats::runs))
      .required("diverged", IntegerType, stats(CellStats::diverged))
      .required("failed", IntegerType, stats(CellStats::failed))
      .required("computed_at", TimestampType, c -> Timestamp.from(c.computedAt()))
      .required("engine_version", StringType, CellRow::engineVersion)
      .build();

  /**
   * One row per cell of the other axes: the optimization threshold along {@code axis}, its bracket
   * and the counts behind it; the view keeps the latest computation per (sweep, axis).
   */
  public static final TableDef<ThresholdRow> THRESHOLDS = TableDef.<ThresholdRow>named(Tables.THRESHOLDS)
      .required("sweep", StringType, ThresholdRow::sweep)
      .required("axis", StringType, threshold(Threshold::axis))
      .required("cell", StringType, threshold(Threshold::cellLabel))
      .required("cell_values", DataTypes.createMapType(StringType, StringType), threshold(PhaseTables::cellValues))
      .required("level", DoubleType, threshold(Threshold::level))
      .optional("threshold", DoubleType, crossing(c -> SweepRows.nullIfNaN(c.at())))
      .optional("bracket_low", DoubleType, crossing(c -> SweepRows.nullIfNaN(c.low())))
      .optional("bracket_high", DoubleType, crossing(c -> SweepRows.nullIfNaN(c.high())))
      .optional("fraction_low", DoubleType, estimate(e -> SweepRows.nullIfNaN(e.fractionLow())))
      .optional("fraction_high", DoubleType, estimate(e -> SweepRows.nullIfNaN(e.fractionHigh())))
      .required("seeds_low", IntegerType, estimate(ThresholdEstimator.Estimate::seedsLow))
      .required("seeds_high", IntegerType, estimate(ThresholdEstimator.Estimate::seedsHigh))
      .required("points", IntegerType, estimate(ThresholdEstimator.Estimate::points))
      .required("runs", IntegerType, estimate(ThresholdEstimator.Estimate::runs))
      .required("status", StringType, estimate(ThresholdEstimator.Estimate::status))
      .required("computed_at", TimestampType, t -> Timestamp.from(t.computedAt()))
      .required("engine_version", StringType, ThresholdRow::engineVersion)
      .build();

  private PhaseTables() {}

  /** The {@code phases} view: the latest computation of each (sweep, diagram). */
  public static Dataset<Row> phases(Store store) {
    return store.latest(PHASES.name(), PHASES.schema(), "sweep", "diagram");
  }

  /** The {@code thresholds} view: the latest computation of each (sweep, axis). */
  public static Dataset<Row> thresholds(Store store) {
    return store.latest(THRESHOLDS.name(), THRESHOLDS.schema(), "sweep", "axis");
  }

  private static Function<CellRow, Object> query(Function<PhaseQuery, Object> value) {
    return c -> value.apply(c.query());
  }

  private static Function<CellRow, Object> cell(Function<PhaseCell, Object> value) {
    return c -> value.apply(c.cell());
  }

  private static Function<CellRow, Object> stats(Function<CellStats, Object> value) {
    return c -> value.apply(c.cell().stats());
  }

  private static Function<ThresholdRow, Object> threshold(Function<Threshold, Object> value) {
    return t -> value.apply(t.threshold());
  }

  private static Function<ThresholdRow, Object> estimate(Function<ThresholdEstimator.Estimate, Object> value) {
    return t -> value.apply(t.threshold().estimate());
  }

  private static Function<ThresholdRow, Object> crossing(Function<Crossing, Object> value) {
    return t -> value.apply(t.threshold().estimate().crossing());
  }

  /** The cell's axis values as text, in a Scala map as a Spark row holds a map column. */
  private static scala.collection.Map<String, String> cellValues(Threshold t) {
    Map<String, String> cell = new LinkedHashMap<>();
    t.cell().forEach((k, v) -> cell.put(k, String.valueOf(v)));
    return CollectionConverters.asScala(cell);
  }
}
