package io.sweep.driver.config;

import io.sweep.worker.diagnose.DiagnosticsSpec;
import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Optional;

/** Parses the {@code sweep.diagnostics} block into the worker's {@link DiagnosticsSpec}. */
final class DiagnosticsParser {
  /** Where the block lives. */
  static final String PATH = SettingsParser.SweepKey.DIAGNOSTICS.path();

  /** The keys of the block: what {@link #parse} reads, and all the block may hold. */
  enum Key {
    VANISH_TOLERANCE,
    REDUNDANCY_TOLERANCE,
    INTERPOLATION_TOLERANCE,
    HESSIAN_PROBES,
    EXACT_HESSIAN_MAX_PARAMS,
    HESSIAN_EVERY,
    GRADIENT_TOLERANCE,
    LOSS_CHANGE_TOLERANCE,
    CONVERGENCE_WINDOW,
    STABILITY_MAX_PARAMS,
    LOSS_FLOOR
  }

  private static final List<Key> TOLERANCES =
      List.of(Key.VANISH_TOLERANCE, Key.REDUNDANCY_TOLERANCE, Key.INTERPOLATION_TOLERANCE);
  /** A dense Hessian of P parameters takes 8P² bytes: 200 MB at this bound. */
  private static final int MAX_EXACT_HESSIAN_PARAMS = 5000;
  private static final int MAX_PROBES = 1_000_000;

  private DiagnosticsParser() {}

  /** The diagnostics settings, or null when the config has problems (they are recorded). */
  static DiagnosticsSpec parse(ConfigReader r) {
    if (!r.block(PATH, Key.class)) {
      return null;
    }
    double[] t = new double[TOLERANCES.size()];
    for (int i = 0; i < t.length; i++) {
      String path = path(TOLERANCES.get(i));
      if (!r.config().hasPath(path)) {
        r.add(new ConfigProblem("", path, "required (no default found)"));
        continue;
      }
      ConfigValue v = r.config().getValue(path);
      Optional<Object> d = Values.convert(v, Parameter.Type.DOUBLE);
      if (d.isEmpty() || !((Double) d.get() > 0) || ((Double) d.get()).isInfinite()) {
        r.add(v.origin(), path, "must be a number > 0, got " + ConfigReader.render(v));
      } else {
        t[i] = (Double) d.get();
      }
    }
    if (t[0] > 1) {
      String path = path(Key.VANISH_TOLERANCE);
      r.add(r.config().getValue(path).origin(), path,
          "must be at most 1 (a fraction of the largest neuron), got " + Values.canonical(t[0]));
    }
    long probes = r.integer(path(Key.HESSIAN_PROBES), 2);
    long exactMax = r.integer(path(Key.EXACT_HESSIAN_MAX_PARAMS), 0);
    long every = r.integer(path(Key.HESSIAN_EVERY), 0);
    if (exactMax > MAX_EXACT_HESSIAN_PARAMS) {
      String path = path(Key.EXACT_HESSIAN_MAX_PARAMS);
      r.add(r.config().getValue(path).origin(), path, "must be at most " + MAX_EXACT_HESSIAN_PARAMS
          + " (a dense Hessian of P parameters takes 8P² bytes), got " + exactMax);
    }
    // The convergence tolerances (issue #16) are optional, with DiagnosticsSpec's defaults: a
    // stored sweep's diagnostics block predates them and must still match on resume.
    double gradient = optionalTolerance(r, Key.GRADIENT_TOLERANCE,
        DiagnosticsSpec.DEFAULT_GRADIENT_TOLERANCE);
    double lossChange = optionalTolerance(r, Key.LOSS_CHANGE_TOLERANCE,
        DiagnosticsSpec.DEFAULT_LOSS_CHANGE_TOLERANCE);
    double lossFloor = optionalTolerance(r, Key.LOSS_FLOOR, DiagnosticsSpec.DEFAULT_LOSS_FLOOR);
    long window = r.config().hasPath(path(Key.CONVERGENCE_WINDOW))
        ? r.integer(path(Key.CONVERGENCE_WINDOW), 2) : DiagnosticsSpec.DEFAULT_CONVERGENCE_WINDOW;
    // Optional as well (issue #16): μ_alignment and ms_stability_radius up to this many parameters.
    long stabilityMax = r.config().hasPath(path(Key.STABILITY_MAX_PARAMS))
        ? r.integer(path(Key.STABILITY_MAX_PARAMS), 0)
        : DiagnosticsSpec.DEFAULT_STABILITY_MAX_PARAMS;
    if (stabilityMax > MAX_EXACT_HESSIAN_PARAMS) {
      String path = path(Key.STABILITY_MAX_PARAMS);
      r.add(r.config().getValue(path).origin(), path, "must be at most " + MAX_EXACT_HESSIAN_PARAMS
          + " (μ and ρ(T) are dense computations in P), got " + stabilityMax);
    }
    if (r.hasProblems()) {
      // Reported together by the caller, which builds no settings then; the spec's own checks
      // would throw first, without the file and line.
      return null;
    }
    return new DiagnosticsSpec(t[0], t[1], t[2], (int) Math.min(probes, MAX_PROBES),
        (int) Math.min(exactMax, MAX_EXACT_HESSIAN_PARAMS), every, gradient, lossChange,
        (int) Math.max(2, Math.min(window, 1_000_000)),
        (int) Math.max(0, Math.min(stabilityMax, MAX_EXACT_HESSIAN_PARAMS)), lossFloor);
  }

  /** A tolerance ≥ 0 (finite) at {@code key}, or {@code fallback} when the key is absent. */
  private static double optionalTolerance(ConfigReader r, Key key, double fallback) {
    String path = path(key);
    if (!r.config().hasPath(path)) {
      return fallback;
    }
    ConfigValue v = r.config().getValue(path);
    Optional<Object> d = Values.convert(v, Parameter.Type.DOUBLE);
    if (d.isEmpty() || !((Double) d.get() >= 0) || ((Double) d.get()).isInfinite()) {
      r.add(v.origin(), path, "must be a number >= 0, got " + ConfigReader.render(v));
      return fallback;
    }
    return (Double) d.get();
  }

  private static String path(Key key) {
    return KnownKeys.path(PATH, key);
  }
}
