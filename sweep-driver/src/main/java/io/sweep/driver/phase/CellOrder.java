package io.sweep.driver.phase;

import java.util.List;

/**
 * The order of cells of the other axes (threshold rows, refined cells): by their values in axis
 * order, each compared naturally (numbers as numbers, text as text).
 */
public final class CellOrder {
  private CellOrder() {}

  /** Compares two cells' values position by position; a shorter prefix comes first. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static int compare(List<?> a, List<?> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = ((Comparable) a.get(i)).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
