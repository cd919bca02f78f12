package io.sweep.driver.app;

import io.sweep.driver.UserError;
import java.util.List;

/**
 * A sweep file that changes a fixed setting of runs already stored under the sweep's name: running
 * it would mix two different experiments under one name. The caller either picks another name or
 * runs it as a new version ({@link Sweeps#prepare}).
 */
public final class SweepConflict extends UserError {
  private static final long serialVersionUID = 1L;

  private final String sweep;
  private final String store;
  private final List<String> conflicts;

  SweepConflict(String sweep, String store, List<String> conflicts) {
    super("sweep " + sweep + " in " + store + " holds runs with other settings:\n  "
        + String.join("\n  ", conflicts));
    this.sweep = sweep;
    this.store = store;
    this.conflicts = List.copyOf(conflicts);
  }

  /** The sweep's name. */
  public String sweep() {
    return sweep;
  }

  /** The store's location. */
  public String store() {
    return store;
  }

  /** One line per changed setting, e.g. {@code steps: stored 60, file 80}. */
  public List<String> conflicts() {
    return conflicts;
  }
}
