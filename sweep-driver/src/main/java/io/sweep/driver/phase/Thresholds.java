package io.sweep.driver.phase;

import io.sweep.driver.EngineVersion;
import io.sweep.driver.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Optimization thresholds from a store: for every cell of the sweep's other varied axes (seeds
 * excluded), the interpolating fraction per value of the axis ({@link ThresholdEstimator}).
 * Saves them to the {@code thresholds} table.
 */
public final class Thresholds {
  /** The level of SCIENCE.md: half of the seeds interpolate. */
  public static final double LEVEL = 0.5;

  private Thresholds() {}

  /**
   * The threshold along {@code axis} (a parameter column, e.g. {@code samples}) for every cell.
   *
   * @throws UserError for an unknown sweep or axis, or an axis with a single value
   */
  public static List<Threshold> compute(Store store, String sweep, String axis, double level) {
    Dataset<Row> runs = SweepRows.runs(store, sweep);
    List<String> varied = SweepRows.variedAxes(store, sweep, axis);
    List<String> others = SweepRows.cellAxes(runs, varied, axis);
    Column ok = functions.col("status").equalTo("ok").and(functions.col("interpolated").isNotNull());
    List<Column> keys = new ArrayList<>(others.stream().map(functions::col).toList());
    keys.add(functions.col(axis).cast("double").as("_axis"));
    List<Row> counts = runs.groupBy(keys.toArray(Column[]::new))
        .agg(functions.sum(functions.when(ok.and(functions.col("interpolated")), 1).otherwise(0)).cast("int"),
            functions.sum(functions.when(ok, 1).otherwise(0)).cast("int"),
            functions.count(functions.lit(1)).cast("int"))
        .collectAsList();
    Map<List<Object>, List<ThresholdEstimator.Point>> byCell = new LinkedHashMap<>();
    for (Row r : counts) {
      List<Object> cell = new ArrayList<>();
      for (int i = 0; i < others.size(); i++) {
        cell.add(r.get(i));
      }
      int k = others.size();
      byCell.computeIfAbsent(cell, c -> new ArrayList<>())
          .add(new ThresholdEstimator.Point(r.getDouble(k), r.getInt(k + 1), r.getInt(k + 2), r.getInt(k + 3)));
    }
    List<Threshold> thresholds = new ArrayList<>();
    for (Map.Entry<List<Object>, List<ThresholdEstimator.Point>> e : byCell.entrySet()) {
      Map<String, Object> cell = new LinkedHashMap<>();
      for (int i = 0; i < others.size(); i++) {
        cell.put(others.get(i), e.getKey().get(i));
      }
      thresholds.add(new Threshold(axis, cell, level, ThresholdEstimator.estimate(e.getValue(), level)));
    }
    thresholds.sort((a, b) -> CellOrder.compare(List.copyOf(a.cell().values()), List.copyOf(b.cell().values())));
    return thresholds;
  }

  /** Appends the thresholds to the {@code thresholds} table. */
  public static void save(Store store, String sweep, List<Threshold> thresholds) {
    store.append(PhaseTables.THRESHOLDS, rows(sweep, thresholds));
  }

  /** The thresholds as rows of {@link PhaseTables#THRESHOLDS}, computed now by this engine. */
  public static List<Row> rows(String sweep, List<Threshold> thresholds) {
    Instant now = Instant.now();
    return PhaseTables.THRESHOLDS.rows(thresholds.stream()
        .map(t -> new PhaseTables.ThresholdRow(sweep, t, now, EngineVersion.get())).toList());
  }
}
