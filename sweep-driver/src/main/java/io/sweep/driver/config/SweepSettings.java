package io.sweep.driver.config;

import io.sweep.worker.diagnose.DiagnosticsSpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A sweep file, parsed and validated: its name, the axes of its grid and the fixed value of every
 * other parameter.
 *
 * @param name        the sweep's name (the partition of its rows in every table)
 * @param source      the sweep file it came from, for messages
 * @param axes        the grid axes in canonical ({@link Parameter}) order
 * @param base        the value of every parameter outside the grid (axes override these)
 * @param diagnostics settings of the diagnostics (the worker's record: nothing to convert)
 * @param configText  the resolved {@code sweep} section as HOCON, stored in the {@code sweeps} table
 * @param parquet     how to read the Parquet data set of {@code data.type = parquet}; null for
 *                    teacher–student data
 */
public record SweepSettings(
    String name,
    String source,
    List<Axis> axes,
    Map<Parameter, Object> base,
    DiagnosticsSpec diagnostics,
    String configText,
    ParquetSource parquet) {

  /** A sweep of teacher–student data. */
  public SweepSettings(String name, String source, List<Axis> axes, Map<Parameter, Object> base,
      DiagnosticsSpec diagnostics, String configText) {
    this(name, source, axes, base, diagnostics, configText, null);
  }

  public SweepSettings {
    Objects.requireNonNull(name, "name");
    axes = List.copyOf(axes);
    EnumMap<Parameter, Object> copy = new EnumMap<>(Parameter.class);
    copy.putAll(base);
    base = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * These settings with fixed values replaced, e.g. those the driver learns from a Parquet data
   * set (its hash, input dimension and test rows); the stored config text is unchanged.
   */
  public SweepSettings withFixed(Map<Parameter, Object> values) {
    EnumMap<Parameter, Object> b = new EnumMap<>(Parameter.class);
    b.putAll(base);
    b.putAll(values);
    return new SweepSettings(name, source, axes, b, diagnostics, configText, parquet);
  }

  /** The values {@code p} takes in the sweep: those of its axis, or its one fixed value. */
  public List<Object> valuesOf(Parameter p) {
    Axis a = axis(p);
    if (a != null) {
      return a.values();
    }
    Object v = base.get(p);
    return v == null ? List.of() : List.of(v);
  }

  /** The axis of a parameter, or null when it is fixed. */
  public Axis axis(Parameter p) {
    return axes.stream().filter(a -> a.parameter() == p).findFirst().orElse(null);
  }

  /**
   * The value every run of the sweep has for {@code p}, when the file fixes one: empty for an axis
   * (a phase axis makes {@link Parameter#SCHEDULE} one), for {@code batch-size = full} (resolved
   * to each run's n) and for {@link Parameter#FULL_BATCH} when {@code batch-size} is an axis.
   */
  public java.util.Optional<Object> fixedValue(Parameter p) {
    if (axis(p) != null
        || (p == Parameter.BATCH_SIZE && Parameter.FULL.equals(base.get(p)))
        || (p == Parameter.FULL_BATCH && axis(Parameter.BATCH_SIZE) != null)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.ofNullable(base.get(p));
  }

  /** Number of runs the grid expands to (the product of the axis sizes; Long.MAX_VALUE if larger). */
  public long runCount() {
    long n = 1;
    for (Axis a : axes) {
      if (n > Long.MAX_VALUE / a.values().size()) {
        return Long.MAX_VALUE;
      }
      n *= a.values().size();
    }
    return n;
  }
}
