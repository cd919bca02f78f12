package io.sweep.driver.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;
import scala.Tuple4;
import scala.collection.immutable.Seq;

/**
 * Follows the training tasks (one pack each) for the live view: runs of finished tasks, and
 * replica-steps ({@link StepAccounting}) — exact for finished tasks; for running ones, the count
 * each task adds to the sweep's replica-steps accumulator as it trains, which executors send
 * with every heartbeat ({@code spark.executor.heartbeatInterval}, 2 s in application.conf), and
 * before a task's first heartbeat an estimate from the rate measured so far. Only jobs whose
 * description starts with {@link #JOB_PREFIX} are followed, so the tasks of Parquet reads are
 * not. Also wakes the runner when any job ends.
 */
final class TaskProgress extends SparkListener {
  static final String JOB_PREFIX = "sweep:train";

  /** Local property: the number of runs in each partition of the job being submitted. */
  static final String PARTITION_RUNS = "sweep.progress.partition-runs";
  /** Local property: the replica-steps (runs × steps) of each partition of the job. */
  static final String PARTITION_STEPS = "sweep.progress.partition-steps";

  /** A stage's partitions: runs and replica-steps of each. */
  private record Partitions(int[] runs, long[] steps) {}

  private final Map<Integer, Partitions> stages = new ConcurrentHashMap<>();
  private final SweepProgress progress;
  /** The id of the accumulator the tasks add their replica-steps to; -1: none. */
  private final long stepsAccumulator;
  private final StepAccounting steps = new StepAccounting();
  private final Semaphore jobEnds = new Semaphore(0);
  /** Training jobs started and not ended. */
  private final java.util.Set<Integer> training = ConcurrentHashMap.newKeySet();
  /** Training jobs ended whose futures the runner has not taken yet ({@link #taken}). */
  private final java.util.Set<Integer> ended = ConcurrentHashMap.newKeySet();
  private long reported;

  /** A listener without step reports from running tasks (estimates only). */
  TaskProgress(SweepProgress progress) {
    this(progress, -1);
  }

  /**
   * @param stepsAccumulator id of the accumulator to which running tasks add their replica-steps
   */
  TaskProgress(SweepProgress progress, long stepsAccumulator) {
    this.progress = progress;
    this.stepsAccumulator = stepsAccumulator;
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    String description = jobStart.properties().getProperty("spark.job.description");
    if (description != null && description.startsWith(JOB_PREFIX)) {
      training.add(jobStart.jobId());
      int[] runs = ints(jobStart.properties().getProperty(PARTITION_RUNS, ""));
      long[] steps = java.util.Arrays.stream(jobStart.properties().getProperty(PARTITION_STEPS, "").split(","))
          .filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
      scala.collection.Iterator<Object> ids = jobStart.stageIds().iterator();
      while (ids.hasNext()) {
        stages.put((Integer) ids.next(), new Partitions(runs, steps));
      }
    }
  }

  private static int[] ints(String csv) {
    return csv.isEmpty() ? new int[0] : java.util.Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  private static long planned(Partitions p, int index) {
    return index < p.steps().length ? p.steps()[index] : 0;
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart taskStart) {
    Partitions p = stages.get(taskStart.stageId());
    if (p != null) {
      TaskInfo info = taskStart.taskInfo();
      steps.started(info.taskId(), planned(p, info.index()), info.launchTime());
    }
  }

  /** Running tasks' accumulator values, as the last heartbeat of their executor carried them. */
  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    if (stepsAccumulator < 0) {
      return;
    }
    long now = System.currentTimeMillis();
    scala.collection.Iterator<Tuple4<Object, Object, Object, Seq<AccumulableInfo>>> tasks =
        update.accumUpdates().iterator();
    while (tasks.hasNext()) {
      Tuple4<Object, Object, Object, Seq<AccumulableInfo>> task = tasks.next();
      scala.collection.Iterator<AccumulableInfo> infos = task._4().iterator();
      while (infos.hasNext()) {
        AccumulableInfo info = infos.next();
        if (info.id() == stepsAccumulator && info.update().isDefined()
            && info.update().get() instanceof Number n) {
          steps.reported((Long) task._1(), n.longValue(), now);
        }
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    Partitions p = stages.get(taskEnd.stageId());
    if (p == null) {
      return;
    }
    TaskInfo info = taskEnd.taskInfo();
    boolean success = taskEnd.reason() == Success$.MODULE$;
    steps.ended(info.taskId(), success, planned(p, info.index()), info.finishTime());
    if (success) {
      int i = info.index();
      progress.runsDone(i < p.runs().length ? p.runs()[i] : 1);
    }
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd jobEnd) {
    if (training.remove(jobEnd.jobId())) {
      ended.add(jobEnd.jobId());
    }
    jobEnds.release();
  }

  /**
   * Whether the training jobs {@code jobIds} (one future's) have all ended. Spark posts a job's
   * end to listeners before it completes the job's future, so a runner woken by the end can find
   * the future not yet done; one whose jobs ended is a moment from done (its result already on
   * the driver), and the runner waits for it instead of for the next job's end.
   */
  boolean ended(java.util.List<Integer> jobIds) {
    return !jobIds.isEmpty() && ended.containsAll(jobIds);
  }

  /** Forgets the jobs of a future the runner has taken (an end posted later is not kept). */
  void taken(java.util.List<Integer> jobIds) {
    training.removeAll(jobIds);
    ended.removeAll(jobIds);
  }

  /** Replica-steps of runs that will not run here (committed by another invocation). */
  void skipped(long replicaSteps) {
    steps.skipped(replicaSteps);
  }

  /** Waits until some job ends, at most {@code millis}. */
  void awaitJobEnd(long millis) throws InterruptedException {
    if (jobEnds.tryAcquire(Math.max(0, millis), TimeUnit.MILLISECONDS)) {
      jobEnds.drainPermits();
    }
  }

  /** Reports the replica-steps done (see {@link SweepProgress#replicaSteps}) when they grew. */
  void report() {
    long done = steps.done(System.currentTimeMillis());
    synchronized (this) {
      if (done <= reported) {
        return;
      }
      reported = done;
    }
    progress.replicaSteps(done);
  }
}
