package io.sweep.driver.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.config.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Refuses to mix runs of different meaning under one sweep name. A sweep may grow (new axis
 * values, new seeds: new runs beside the stored ones), but every setting that is fixed in the
 * sweep file must equal that of every stored run — otherwise a phase diagram would silently average
 * runs of, say, 1,000 and 2,000 steps. Diagnostics tolerances must equal the stored ones too.
 */
public final class StoredSweepCheck {
  private StoredSweepCheck() {}

  /**
   * What in {@code settings} contradicts the runs already stored under its name.
   *
   * @return one line per conflict; empty when the sweep is new or consistent
   */
  public static List<String> conflicts(SweepSettings settings, Store store) {
    List<String> conflicts = new ArrayList<>();
    if (!store.has(Tables.RUNS)) {
      return conflicts;
    }
    String sweep = settings.name();
    List<Parameter> fixedParameters = java.util.Arrays.stream(Parameter.values())
        .filter(p -> settings.fixedValue(p).isPresent()).toList();
    java.util.Map<String, List<Object>> storedValues = fixedParameters.isEmpty()
        ? java.util.Map.of()
        : store.distinctValues(Tables.RUNS, Tables.RUNS_SCHEMA, sweep,
            fixedParameters.stream().map(Parameter::column).toList());
    for (Parameter p : fixedParameters) {
      Object fixed = settings.fixedValue(p).orElseThrow();
      // Runs stored before the parameter existed have no value: they ran at its neutral value.
      Object neutral = p.neutral().orElse(null);
      List<Object> stored =
          storedValues.get(p.column()).stream().map(v -> v == null ? neutral : v).toList();
      List<Object> others = stored.stream().filter(v -> !Objects.equals(v, fixed)).toList();
      if (!others.isEmpty()) {
        conflicts.add(p.key() + ": the file fixes " + Values.canonical(fixed) + ", stored runs have "
            + others.stream().map(Values::canonical).sorted().collect(Collectors.joining(", "))
            + (stored.contains(fixed) ? " (as an axis: keep it in the grid to run a subset)" : ""));
      }
    }
    String storedTolerances = latestDiagnostics(store, sweep);
    String tolerances = diagnostics(settings.configText());
    if (storedTolerances != null && !storedTolerances.equals(tolerances)) {
      conflicts.add("diagnostics: the file has " + tolerances + ", stored runs used " + storedTolerances);
    }
    return conflicts;
  }

  private static String latestDiagnostics(Store store, String sweep) {
    var log = store.read(Tables.SWEEP_LOG, Tables.SWEEP_LOG_SCHEMA);
    var latest = log.where(log.col("sweep").equalTo(sweep)).orderBy(log.col("started_at").desc())
        .select("config").limit(1).collectAsList();
    return latest.isEmpty() ? null : diagnostics(latest.get(0).getString(0));
  }

  private static String diagnostics(String configText) {
    Config c = ConfigFactory.parseString(configText);
    return c.hasPath("diagnostics")
        ? c.getConfig("diagnostics").root().render(com.typesafe.config.ConfigRenderOptions.concise())
        : "{}";
  }
}
