package io.sweep.driver.phase;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The cells of a phase diagram, ordered by facet, y, x.
 *
 * @param query the query, with its aggregation resolved
 * @param cells the cells that have runs
 * @param logX  whether the x values are log-spaced (drawn on a log axis)
 * @param logY  whether the y values are log-spaced
 */
public record PhaseDiagram(PhaseQuery query, List<PhaseCell> cells, boolean logX, boolean logY) {

  public PhaseDiagram {
    Objects.requireNonNull(query.agg(), "aggregation must be resolved");
    cells = List.copyOf(cells);
  }

  /** Builds a diagram, deciding the axis scales from the values. */
  public static PhaseDiagram of(PhaseQuery query, List<PhaseCell> cells) {
    return new PhaseDiagram(query, cells,
        AxisScale.isLogSpaced(cells.stream().mapToDouble(PhaseCell::x).toArray()),
        AxisScale.isLogSpaced(cells.stream().mapToDouble(PhaseCell::y).toArray()));
  }

  /** The facet values in order of first appearance ({@code [null]} without a facet). */
  public List<String> facets() {
    List<String> facets = new ArrayList<>();
    for (PhaseCell c : cells) {
      if (!facets.contains(c.facet())) {
        facets.add(c.facet());
      }
    }
    return facets;
  }

  /** The cells of one facet. */
  public List<PhaseCell> cellsOf(String facet) {
    return cells.stream().filter(c -> Objects.equals(c.facet(), facet)).toList();
  }

  /** The cell at (x, y) of a facet, or null. */
  public PhaseCell cell(String facet, double x, double y) {
    for (PhaseCell c : cells) {
      if (Objects.equals(c.facet(), facet) && c.x() == x && c.y() == y) {
        return c;
      }
    }
    return null;
  }
}
