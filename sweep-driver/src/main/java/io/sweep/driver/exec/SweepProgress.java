package io.sweep.driver.exec;

import java.util.function.IntConsumer;

/**
 * What a running sweep reports as it goes, for a live view. Called from Spark's listener thread
 * and from the thread that runs the sweep.
 */
public interface SweepProgress {
  /** Runs finished training (or found committed by another invocation of the sweep). */
  void runsDone(int runs);

  /** Once, before anything runs: the runs to do and their replica-steps (runs × steps). */
  default void planned(int runs, long replicaSteps) {}

  /**
   * Replica-steps done so far: those of finished packs, plus, for packs still training, the steps
   * they reported in the last executor heartbeat (or, before their first report, their elapsed
   * time × the rate measured so far, never more than 95% of a pack); never decreases. Reported a
   * few times a second, changing with each heartbeat.
   */
  default void replicaSteps(long done) {}

  /** Runs committed to the store so far by this invocation. */
  default void committed(int runs) {}

  /** A progress that only counts runs. */
  static SweepProgress of(IntConsumer onRunsDone) {
    return onRunsDone::accept;
  }
}
