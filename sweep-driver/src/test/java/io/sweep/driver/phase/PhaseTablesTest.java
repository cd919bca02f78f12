package io.sweep.driver.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sweep.driver.store.StoredRows;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The rows of the phases and thresholds tables, read back by column name. */
class PhaseTablesTest {
  /** Stamped with the time and engine of the computation. */
  private static final Set<String> STAMP = Set.of("computed_at", "engine_version");

  @Test
  void aPhaseRowHoldsTheQueryTheCellAndItsStats() {
    PhaseQuery query = new PhaseQuery("grid", "lr", "batch_size", "stable_rank", Aggregation.MEAN, "seed < 3",
        "width", 100L);
    PhaseCell cell = new PhaseCell(0.05, 8, "16", new CellStats(1.5, 1.25, 1.75, 3, 4, 1, 0));
    Row row = PhaseDiagrams.rows(PhaseDiagram.of(query, List.of(cell))).get(0);
    assertEquals("""
        sweep = grid
        diagram = mean stable_rank over lr × batch_size by width at step 100 where seed < 3
        metric = stable_rank
        agg = mean
        x_axis = lr
        y_axis = batch_size
        facet_axis = width
        at_step = 100
        where_clause = seed < 3
        x = 0.05
        y = 8.0
        facet = 16
        value = 1.5
        ci_low = 1.25
        ci_high = 1.75
        seeds = 3
        runs = 4
        diverged = 1
        failed = 0
        """, StoredRows.lines(PhaseTables.PHASES.schema(), row, STAMP));
  }

  @Test
  void aCellWithoutValueStoresNullsAndAllCellsShareOneComputationTime() {
    PhaseQuery plain = new PhaseQuery("grid", "lr", "batch_size", "stable_rank", Aggregation.MEAN, null, null, null);
    PhaseCell empty = new PhaseCell(0.05, 8, null, new CellStats(Double.NaN, Double.NaN, Double.NaN, 0, 2, 2, 0));
    PhaseCell full = new PhaseCell(0.1, 8, null, new CellStats(2, 1, 3, 2, 2, 0, 0));
    List<Row> rows = PhaseDiagrams.rows(PhaseDiagram.of(plain, List.of(empty, full)));
    Map<String, Object> first = StoredRows.byName(PhaseTables.PHASES.schema(), rows.get(0));
    assertEquals(Set.of("facet_axis", "at_step", "where_clause", "facet", "value", "ci_low", "ci_high"),
        nullColumns(first));
    assertEquals(first.get("computed_at"), StoredRows.byName(PhaseTables.PHASES.schema(), rows.get(1))
        .get("computed_at"));
  }

  @Test
  void aThresholdRowHoldsTheCellTheCrossingAndTheCounts() {
    Map<String, Object> cell = new LinkedHashMap<>();
    cell.put("lr", 0.05);
    cell.put("width", 16);
    Crossing crossing = new Crossing(Crossing.Status.CROSSED, 1, 48.0, 32.0, 64.0, 1);
    Threshold t = new Threshold("samples", cell, 0.5,
        new ThresholdEstimator.Estimate(crossing, 0.25, 0.75, 4, 4, 3, 12));
    assertEquals("""
        sweep = grid
        axis = samples
        cell = lr=0.05, width=16
        cell_values = {lr=0.05, width=16}
        level = 0.5
        threshold = 48.0
        bracket_low = 32.0
        bracket_high = 64.0
        fraction_low = 0.25
        fraction_high = 0.75
        seeds_low = 4
        seeds_high = 4
        points = 3
        runs = 12
        status = crossed
        """, StoredRows.lines(PhaseTables.THRESHOLDS.schema(), Thresholds.rows("grid", List.of(t)).get(0), STAMP));
  }

  @Test
  void aThresholdThatNeverCrossesStoresNullsForWhatItLacks() {
    Crossing none = new Crossing(Crossing.Status.NO_DATA, -1, Double.NaN, Double.NaN, Double.NaN, 0);
    Threshold t = new Threshold("samples", Map.of(), 0.5,
        new ThresholdEstimator.Estimate(none, Double.NaN, Double.NaN, 0, 0, 2, 4));
    Map<String, Object> row =
        StoredRows.byName(PhaseTables.THRESHOLDS.schema(), Thresholds.rows("grid", List.of(t)).get(0));
    assertEquals(Set.of("threshold", "bracket_low", "bracket_high", "fraction_low", "fraction_high"),
        nullColumns(row));
    assertEquals(List.of("(all runs)", "no ok runs"), List.of(row.get("cell"), row.get("status")));
  }

  private static Set<String> nullColumns(Map<String, Object> row) {
    Set<String> columns = new HashSet<>();
    row.forEach((column, v) -> {
      if (v == null) {
        columns.add(column);
      }
    });
    return columns;
  }
}
