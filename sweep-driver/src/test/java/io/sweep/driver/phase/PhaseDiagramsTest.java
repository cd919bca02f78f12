package io.sweep.driver.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Aggregation of hand-made (x, y, facet, metric, status) rows, without Spark. */
class PhaseDiagramsTest {
  @Test
  void groupsRunsIntoCellsAndCountsDivergedOnes() {
    List<Row> rows = List.of(
        RowFactory.create(0.1, 8.0, null, 1.0, "ok"),
        RowFactory.create(0.1, 8.0, null, 3.0, "ok"),
        RowFactory.create(0.1, 8.0, null, 7e38, "diverged"),
        RowFactory.create(0.2, 8.0, null, 5.0, "ok"),
        RowFactory.create(null, 8.0, null, 5.0, "ok"));
    List<PhaseCell> cells = PhaseDiagrams.aggregate(Aggregation.MEAN, rows);
    assertEquals(2, cells.size(), "a row with an undefined axis is skipped");
    // the diverged run's huge last loss is not averaged in
    CellStats first = cells.get(0).stats();
    assertEquals(2.0, first.value());
    assertEquals(2, first.seeds());
    assertEquals(3, first.runs());
    assertEquals(1, first.diverged());
    assertTrue(first.incomplete());
  }

  @Test
  void aMetricAboutTheRunItselfCountsDivergedRuns() {
    List<Row> rows = List.of(RowFactory.create(1.0, 1.0, null, 1.0, "diverged"), RowFactory.create(1.0, 1.0, null, 0.0, "ok"));
    CellStats s = PhaseDiagrams.aggregate(Aggregation.FRACTION, rows).get(0).stats();
    assertEquals(0.5, s.value());
    assertEquals(2, s.seeds());
  }

  @Test
  void numericFacetsSortAsNumbers() {
    List<Row> rows = List.of(RowFactory.create(1.0, 1.0, "0.5", 1.0, "ok"), RowFactory.create(1.0, 1.0, "0.05", 1.0, "ok"),
        RowFactory.create(1.0, 1.0, "10", 1.0, "ok"));
    assertEquals(List.of("0.05", "0.5", "10"),
        PhaseDiagrams.aggregate(Aggregation.MEAN, rows).stream().map(PhaseCell::facet).toList());
  }
}
