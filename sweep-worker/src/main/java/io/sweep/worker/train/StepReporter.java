package io.sweep.worker.train;

import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Tells a live view how far training has come: hands the replica-steps taken since its last
 * report (steps × the replicas trained together) to a plain {@link LongConsumer} every {@value
 * #EVERY} steps, and the rest of the planned steps when training returns (a trainer that throws
 * reports no more). The driver turns them into a Spark accumulator that executor heartbeats carry
 * to its progress bar; the worker knows nothing of Spark.
 *
 * <p>The per-step cost is one mask test; the consumer runs once per {@value #EVERY} steps, never
 * per step (64 steps of the bench's tiny pack of 64 replicas take about 15 ms). Not thread-safe:
 * one trainer's loop owns it.
 */
public final class StepReporter {
  /** Steps between reports (a power of two: the per-step test is a mask). */
  public static final long EVERY = 64;

  /** Reports nothing. */
  public static final LongConsumer NONE = steps -> {};

  private final LongConsumer sink;
  private final long replicas;
  private long reported;

  /**
   * @param sink     receives replica-steps done since its previous call
   * @param replicas replicas that take each step together (1 for the reference trainer)
   */
  public StepReporter(LongConsumer sink, int replicas) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.replicas = replicas;
  }

  /** Called after every step (1, 2, …); reports on multiples of {@value #EVERY}. */
  public void at(long step) {
    if ((step & (EVERY - 1)) == 0) {
      report(step);
    }
  }

  /**
   * Training is over after {@code planned} steps (a run that diverged earlier never takes the
   * rest): reports whatever is left, so that a run counts its planned steps, as the driver does
   * for a finished task.
   */
  public void finish(long planned) {
    report(planned);
  }

  private void report(long step) {
    if (step > reported) {
      sink.accept((step - reported) * replicas);
      reported = step;
    }
  }
}
