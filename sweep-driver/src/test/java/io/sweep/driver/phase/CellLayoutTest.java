package io.sweep.driver.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellLayoutTest {
  private static PhaseCell cell(double x, double y, double value) {
    return new PhaseCell(x, y, null, CellStats.of(Aggregation.MEAN, List.of(value), 1, 0, 0));
  }

  @Test
  void regularGridCellsTileThePlane() {
    List<PhaseCell> cells = List.of(cell(0, 0, 0), cell(1, 0, 1), cell(0, 1, 0), cell(1, 1, 1));
    List<CellLayout.Rect> rects = CellLayout.rects(cells, false, false);
    assertEquals(new CellLayout.Rect(-0.5, 0.5, -0.5, 0.5), rects.get(0));
    assertEquals(new CellLayout.Rect(0.5, 1.5, 0.5, 1.5), rects.get(3));
  }

  @Test
  void boundaryRunsAlongEdgesBetweenCellsOnEitherSideOfTheLevel() {
    // value 1 only at (1, 1): the boundary is its left and bottom edge
    List<PhaseCell> cells = List.of(cell(0, 0, 0), cell(1, 0, 0), cell(0, 1, 0), cell(1, 1, 1));
    List<CellLayout.Segment> segments = CellLayout.boundary(cells, CellLayout.rects(cells, false, false), 0.5);
    assertEquals(List.of(new CellLayout.Segment(0.5, 0.5, 1.5, 0.5), new CellLayout.Segment(0.5, 0.5, 0.5, 1.5)),
        segments);
  }

  @Test
  void aRefinedRowGetsFinerCellsAlignedWithTheOthers() {
    List<PhaseCell> cells = new ArrayList<>(List.of(cell(0, 0, 0), cell(2, 0, 1), cell(0, 1, 0), cell(1, 1, 0), cell(2, 1, 1)));
    List<CellLayout.Rect> rects = CellLayout.rects(cells, false, false);
    assertEquals(new CellLayout.Rect(-0.5, 1, -0.5, 0.5), rects.get(0), "row y=0 has only x = 0 and 2");
    assertEquals(new CellLayout.Rect(1, 2.5, -0.5, 0.5), rects.get(1));
    assertEquals(new CellLayout.Rect(0.5, 1.5, 0.5, 1.5), rects.get(3), "row y=1 is refined at x = 1");
    assertEquals(-0.5, rects.get(2).x0(), "outer edges align across rows");
    assertEquals(2.5, rects.get(4).x1());
  }
}
