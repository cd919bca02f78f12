package io.sweep.driver.plan;

import io.sweep.driver.config.Parameter;
import io.sweep.worker.spec.RunSpec;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One run of a plan: its spec (what the executor receives) and the value of every parameter (what
 * its row records).
 */
public record PlannedRun(RunSpec spec, Map<Parameter, Object> values) {

  public PlannedRun {
    values = Collections.unmodifiableMap(new EnumMap<>(values));
  }

  public String runId() {
    return spec.runId();
  }
}
