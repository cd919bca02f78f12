package io.sweep.worker.spec;

import java.util.Locale;

/** How a run ended. Diverged and failed runs are results too: they become rows. */
public enum RunStatus {
  /** Trained for the whole budget. */
  OK,
  /** The loss became non-finite or exceeded the divergence factor; {@code error} says when. */
  DIVERGED,
  /** An exception stopped the run; {@code error} holds it. */
  FAILED;

  /** The value stored in the {@code status} column. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
