package io.sweep.driver.config;

import java.util.List;

/**
 * Rules over several settings at once, checked on the parsed sweep (its axes and base values
 * together), after every single value has passed its own checks.
 */
final class CrossFieldRules {
  private CrossFieldRules() {}

  /** Records a problem for every rule the sweep breaks. */
  static void check(ConfigReader r, SweepSettings s) {
    batchWithinSamples(r, s);
  }

  /** Batch size must not exceed the sample count in any run the grid makes. */
  private static void batchWithinSamples(ConfigReader r, SweepSettings s) {
    List<Object> batches = valuesOf(s, Parameter.BATCH_SIZE);
    List<Object> samples = valuesOf(s, Parameter.SAMPLES);
    long bad = 0;
    Object exampleB = null;
    Object exampleN = null;
    for (Object b : batches) {
      for (Object n : samples) {
        if ((Integer) b > (Integer) n) {
          bad++;
          if (exampleB == null) {
            exampleB = b;
            exampleN = n;
          }
        }
      }
    }
    if (bad == 0) {
      return;
    }
    long others = s.runCount() / ((long) batches.size() * samples.size());
    Axis axis = s.axis(Parameter.BATCH_SIZE);
    String where = axis != null ? axis.origin() : r.originOf(Parameter.BATCH_SIZE.path());
    r.add(new ConfigProblem(where,
        axis != null ? GridParser.PATH + "." + Parameter.BATCH_SIZE.key() : Parameter.BATCH_SIZE.path(),
        "batch size " + exampleB + " exceeds sample count " + exampleN + " (" + (bad * others)
            + " of " + s.runCount() + " runs); every batch size must be <= every sample count "
            + "it is combined with"));
  }

  /** The values a parameter takes in the sweep: its axis, or its one base value. */
  private static List<Object> valuesOf(SweepSettings s, Parameter p) {
    Axis a = s.axis(p);
    return a != null ? a.values() : List.of(s.base().get(p));
  }
}
