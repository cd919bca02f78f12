package io.sweep.driver.export;

import io.sweep.driver.UserError;
import io.sweep.driver.phase.PhaseTables;
import io.sweep.driver.store.Store;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The tables {@code export} writes, each read through its view method (where the dedup and the
 * latest-only rule live).
 */
public enum ExportTable {
  RUNS(Store::runs),
  TRAJECTORIES(Store::trajectories),
  WEIGHTS(Store::weights),
  PHASES(PhaseTables::phases),
  THRESHOLDS(PhaseTables::thresholds);

  private final Function<Store, Dataset<Row>> view;

  ExportTable(Function<Store, Dataset<Row>> view) {
    this.view = view;
  }

  /** The table's name in the store and in SQL. */
  public String tableName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every row of the view, all sweeps. */
  Dataset<Row> view(Store store) {
    return view.apply(store);
  }

  /**
   * The table named {@code name}.
   *
   * @throws UserError naming the valid tables
   */
  public static ExportTable of(String name) {
    for (ExportTable t : values()) {
      if (t.tableName().equals(name)) {
        return t;
      }
    }
    throw new UserError(UserError.field("table") + " '" + name + "': unknown table; allowed: "
        + Arrays.stream(values()).map(ExportTable::tableName).collect(Collectors.joining(", ")));
  }
}
