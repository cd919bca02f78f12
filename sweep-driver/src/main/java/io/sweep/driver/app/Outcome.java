package io.sweep.driver.app;

import io.sweep.worker.spec.RunStatus;
import java.util.Map;

/**
 * What one {@link Sweeps#run} did.
 *
 * @param counts  runs trained by this call, by status
 * @param pending runs that were pending when it started; more than the sum of {@code counts} when
 *                another invocation of the same sweep committed some meanwhile
 * @param seconds wall time of the training and commits
 */
public record Outcome(Map<RunStatus, Integer> counts, int pending, double seconds) {

  public Outcome {
    counts = Map.copyOf(counts);
  }

  /** Runs trained by this call. */
  public int ran() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Runs of one status trained by this call. */
  public int count(RunStatus status) {
    return counts.getOrDefault(status, 0);
  }
}
