package io.sweep.driver.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Follows the training tasks (one pack each) for the live view: runs of finished tasks, and
 * replica-steps — exact for finished tasks, estimated for running ones from the rate measured on
 * finished ones. Only jobs whose description starts with {@link #JOB_PREFIX} are followed, so the
 * tasks of Parquet reads are not. Also wakes the runner when any job ends.
 */
final class TaskProgress extends SparkListener {
  static final String JOB_PREFIX = "sweep:train";

  /** Local property: the number of runs in each partition of the job being submitted. */
  static final String PARTITION_RUNS = "sweep.progress.partition-runs";
  /** Local property: the replica-steps (runs × steps) of each partition of the job. */
  static final String PARTITION_STEPS = "sweep.progress.partition-steps";

  /** A stage's partitions: runs and replica-steps of each. */
  private record Partitions(int[] runs, long[] steps) {}

  /** A running task: its replica-steps and start (ms since the epoch). */
  private record Running(long steps, long launchTime) {}

  private final Map<Integer, Partitions> stages = new ConcurrentHashMap<>();
  private final Map<Long, Running> running = new ConcurrentHashMap<>();
  private final SweepProgress progress;
  private final Semaphore jobEnds = new Semaphore(0);
  private long doneSteps;
  private double taskSeconds;
  private long measuredSteps;
  private long reported;

  TaskProgress(SweepProgress progress) {
    this.progress = progress;
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    String description = jobStart.properties().getProperty("spark.job.description");
    if (description != null && description.startsWith(JOB_PREFIX)) {
      int[] runs = ints(jobStart.properties().getProperty(PARTITION_RUNS, ""));
      long[] steps = java.util.Arrays.stream(ints(jobStart.properties().getProperty(PARTITION_STEPS, "")))
          .asLongStream().toArray();
      scala.collection.Iterator<Object> ids = jobStart.stageIds().iterator();
      while (ids.hasNext()) {
        stages.put((Integer) ids.next(), new Partitions(runs, steps));
      }
    }
  }

  private static int[] ints(String csv) {
    return csv.isEmpty() ? new int[0] : java.util.Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart taskStart) {
    Partitions p = stages.get(taskStart.stageId());
    int i = taskStart.taskInfo().index();
    if (p != null && i < p.steps().length) {
      running.put(taskStart.taskInfo().taskId(), new Running(p.steps()[i], taskStart.taskInfo().launchTime()));
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    Running r = running.remove(taskEnd.taskInfo().taskId());
    Partitions p = stages.get(taskEnd.stageId());
    if (p != null && taskEnd.reason() == Success$.MODULE$) {
      int i = taskEnd.taskInfo().index();
      long steps = i < p.steps().length ? p.steps()[i] : 0;
      synchronized (this) {
        doneSteps += steps;
        if (r != null) {
          measuredSteps += steps;
          taskSeconds += Math.max(1, taskEnd.taskInfo().finishTime() - r.launchTime()) / 1e3;
        }
      }
      progress.runsDone(i < p.runs().length ? p.runs()[i] : 1);
    }
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd jobEnd) {
    jobEnds.release();
  }

  /** Replica-steps of runs that will not run here (committed by another invocation). */
  synchronized void skipped(long steps) {
    doneSteps += steps;
  }

  /** Waits until some job ends, at most {@code millis}. */
  void awaitJobEnd(long millis) throws InterruptedException {
    if (jobEnds.tryAcquire(Math.max(0, millis), TimeUnit.MILLISECONDS)) {
      jobEnds.drainPermits();
    }
  }

  /** Reports the replica-steps done (see {@link SweepProgress#replicaSteps}). */
  void report() {
    long now = System.currentTimeMillis();
    long estimate;
    synchronized (this) {
      estimate = doneSteps;
      double rate = taskSeconds > 0 ? measuredSteps / taskSeconds : 0;
      for (Running r : running.values()) {
        estimate += (long) Math.min(0.95 * r.steps(), rate * Math.max(0, now - r.launchTime()) / 1e3);
      }
      if (estimate <= reported) {
        return;
      }
      reported = estimate;
    }
    progress.replicaSteps(estimate);
  }
}
