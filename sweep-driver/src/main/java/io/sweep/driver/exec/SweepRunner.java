package io.sweep.driver.exec;

import io.sweep.driver.EngineVersion;
import io.sweep.driver.data.DataSets;
import io.sweep.worker.pack.PackBackend;
import io.sweep.driver.plan.PackPlan;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.driver.plan.SweepPlan;
import io.sweep.driver.store.RunRows;
import io.sweep.driver.store.Store;
import io.sweep.driver.store.WeightRows;
import io.sweep.worker.pack.Pack;
import io.sweep.worker.run.RunResult;
import io.sweep.worker.run.Runner;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Executes planned runs on Spark as a stream of packs, with no barrier: every pack is one Spark
 * job of one task, and up to two packs per core are in flight, so a core that finishes a pack
 * finds the next one queued until the last pack. Finished packs' rows are held by the driver only
 * until they are due: a commit ({@link Store#appendDirect}: written by the driver, one rename per
 * file, no Spark job, so never queued behind training) happens as soon as the oldest uncommitted
 * pack finished half of {@code engine.commit-interval} ago, or {@code engine.wave-size} runs
 * wait, or — the tail of the sweep, every pack submitted — as soon as a pack finishes while
 * others still train (so the last commit, with the cores idle, is small). So after a SIGKILL every pack that finished more than the commit interval earlier is in
 * the store, whatever the size of the sweep, and the driver holds at most the packs in flight
 * plus one commit's worth of results. The plan is not held either: the pending runs are built
 * on demand ({@code PlannedRuns}), the packs are index lists ({@link PackPlan}), and a pack's
 * runs are built when it is submitted and dropped when committed.
 *
 * <p>A pack whose job fails after Spark's own retries (an infrastructure failure — a lost
 * executor, an out-of-memory error; the worker turns run errors into rows) is submitted again run
 * by run; a run whose job fails again becomes a {@code failed} row with Spark's error, so one bad
 * run cannot stop the sweep. Runs another invocation of the same sweep commits meanwhile are
 * noticed (the store's run ids are re-read in the background every commit interval, at least
 * 10 s apart) and not submitted.
 */
public final class SweepRunner {
  /** Most finished runs held uncommitted when {@code engine.wave-size} is 0. */
  static final int DEFAULT_MAX_UNCOMMITTED = 4096;

  private final SparkSession spark;
  private final Store store;
  private final int maxUncommitted;
  private final int packSize;
  /** {@code engine.min-packs}: small sweeps are spread over about this many packs. */
  private final int minPacks;
  private final Duration commitInterval;
  /** The pack trainer's path on the executors ({@code engine.pack-backend}). */
  private final PackBackend packBackend;
  /** Whether ok runs' final parameters are committed to {@code weights}. */
  private final boolean storeWeights;

  /**
   * A runner of the engine's settings (built from {@code EngineSettings} in {@code Sweeps}).
   *
   * @param waveSize       most finished runs held uncommitted; 0 means {@value
   *                       #DEFAULT_MAX_UNCOMMITTED}
   * @param packSize       most runs trained together as one pack (one Spark task); 1 = no packing
   * @param commitInterval a pack that finished this long ago is committed; 0 commits every pack
   *                       as it finishes
   * @param packBackend    the pack trainer's path ({@code engine.pack-backend})
   * @param storeWeights   whether ok runs' final parameters go to the {@code weights} table
   * @param minPacks       {@code engine.min-packs}: a sweep of fewer than {@code packSize ×
   *                       minPacks} runs is cut into smaller packs ({@link PackPlan#packSize}); 1
   *                       = packs of {@code packSize}
   */
  public SweepRunner(SparkSession spark, Store store, int waveSize, int packSize,
      Duration commitInterval, PackBackend packBackend, boolean storeWeights, int minPacks) {
    this.packBackend = java.util.Objects.requireNonNull(packBackend, "packBackend");
    this.storeWeights = storeWeights;
    this.spark = spark;
    this.store = store;
    this.packSize = packSize;
    this.minPacks = minPacks;
    this.maxUncommitted = waveSize > 0 ? waveSize : DEFAULT_MAX_UNCOMMITTED;
    this.commitInterval = commitInterval;
  }

  /** Most finished runs held before a commit. */
  public int maxUncommitted() {
    return maxUncommitted;
  }

  /** Runs every pending run of a sweep and commits their rows (progress: runs only). */
  public Map<RunStatus, Integer> run(SweepPlan plan, List<PlannedRun> pending, IntConsumer onRunsDone) {
    return run(plan, pending, SweepProgress.of(onRunsDone));
  }

  /**
   * The task function every pack of the sweep runs: the one place where it is built, with what a
   * task needs besides its pack (the diagnostics settings, the broadcast of a Parquet data set).
   */
  RunTask task(SweepPlan plan) {
    return task(plan, null);
  }

  /** {@link #task(SweepPlan)}, its tasks adding the replica-steps they train to {@code steps}. */
  private RunTask task(SweepPlan plan, LongAccumulator steps) {
    // Parquet data: the data set, read once on the driver and shipped to executors once.
    return new RunTask(plan.settings().diagnostics(),
        DataSets.broadcast(spark, plan.settings()), packBackend, steps);
  }

  /** A pack to submit; {@code retry}: its job failed before, as part of a larger pack or alone. */
  private record Work(Pack pack, boolean retry) {}

  /** A submitted pack. */
  private record InFlight(Work work, JavaFutureAction<List<ExecutedRun>> job) {}

  /**
   * Runs every pending run of a sweep and commits their rows.
   *
   * @param plan     the sweep (its name and diagnostics settings)
   * @param pending  the runs still to do
   * @param progress the live view (called from Spark's listener thread and this one)
   * @return how many runs ended in each status
   */
  public Map<RunStatus, Integer> run(SweepPlan plan, List<PlannedRun> pending, SweepProgress progress) {
    String sweep = plan.name();
    // Running packs add their replica-steps to it; heartbeats bring them to the listener.
    LongAccumulator replicaSteps = spark.sparkContext().longAccumulator("sweep replica-steps");
    RunTask task = task(plan, replicaSteps);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // Packs as indices into the pending runs; each pack's runs are built when it is submitted and
    // dropped when committed, so the driver's memory does not grow with the sweep.
    PackPlan packs = PackPlan.of(pending, packSize, minPacks);
    Map<String, PlannedRun> byId = new HashMap<>(); // runs submitted and not committed yet
    int slots = Math.max(1, spark.sparkContext().defaultParallelism());
    Deque<Work> retries = new ArrayDeque<>();
    int nextPack = 0;
    progress.planned(pending.size(), packs.steps());
    TaskProgress listener = new TaskProgress(progress, replicaSteps.id());
    Commits commits = new Commits(sweep, byId, progress);
    DoneRuns done = new DoneRuns(sweep);
    int maxInFlight = 2 * slots;
    List<InFlight> inFlight = new ArrayList<>();
    String group = "sweep-" + UUID.randomUUID();
    spark.sparkContext().addSparkListener(listener);
    boolean ok = false;
    try {
      int submitted = 0;
      while (!retries.isEmpty() || nextPack < packs.packs() || !inFlight.isEmpty()) {
        Set<String> committedElsewhere = done.latest();
        while (inFlight.size() < maxInFlight && (!retries.isEmpty() || nextPack < packs.packs())) {
          Work w;
          if (retries.isEmpty()) {
            List<PlannedRun> runs = packs.pack(nextPack++);
            runs.forEach(r -> byId.put(r.runId(), r));
            w = new Work(PackPlan.toPack(runs), false);
          } else {
            w = retries.poll();
          }
          List<RunSpec> left = w.pack().runs().stream()
              .filter(r -> !committedElsewhere.contains(r.runId())).toList();
          if (left.size() < w.pack().size()) {
            int skipped = w.pack().size() - left.size();
            w.pack().runs().stream().filter(r -> committedElsewhere.contains(r.runId()))
                .forEach(r -> byId.remove(r.runId()));
            listener.skipped(skipped * w.pack().first().train().steps());
            progress.runsDone(skipped);
            if (left.isEmpty()) {
              continue;
            }
            w = new Work(new Pack(left), w.retry());
          }
          submitted++;
          inFlight.add(new InFlight(w, submit(jsc, group, task, w.pack(),
              sweep + " pack " + submitted + (w.retry() ? " (retry)" : ""))));
        }
        listener.awaitJobEnd(Math.min(250, commits.millisUntilDue()));
        for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext(); ) {
          InFlight f = it.next();
          if (!f.job().isDone() && !listener.ended(f.job().jobIds())) {
            continue; // still training (an ended job's future completes within moments: get())
          }
          it.remove();
          listener.taken(f.job().jobIds());
          try {
            List<ExecutedRun> results = f.job().get();
            if (LOG.isInfoEnabled()) {
              LOG.info("pack done: {} runs: {}", results.size(), String.join(",",
                  results.stream().map(r -> r.result().runId()).toList()));
            }
            commits.add(results);
          } catch (ExecutionException e) {
            if (!f.work().retry()) {
              LOG.warn("pack of {} runs failed ({}); running each of its runs alone", f.work().pack().size(),
                  e.getCause() == null ? e.toString() : e.getCause().toString());
              List<RunSpec> runs = f.work().pack().runs();
              for (int i = runs.size() - 1; i >= 0; i--) {
                retries.addFirst(new Work(Pack.of(runs.get(i)), true));
              }
            } else {
              RunSpec spec = f.work().pack().first();
              commits.add(List.of(new ExecutedRun(failed(spec, e.getCause()), "unknown")));
              progress.runsDone(1);
            }
          }
        }
        listener.report();
        boolean tail = retries.isEmpty() && nextPack >= packs.packs() && !inFlight.isEmpty();
        if (commits.due(tail)) {
          commits.commit();
          done.refreshIfOld(commitInterval);
        }
      }
      commits.commit();
      ok = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running sweep " + sweep, e);
    } finally {
      if (!ok) {
        jsc.cancelJobGroup(group);
      }
      done.close();
      spark.sparkContext().removeSparkListener(listener);
    }
    return commits.counts();
  }

  /** One Spark job, one task: the pack; the progress listener learns its runs and replica-steps. */
  private static JavaFutureAction<List<ExecutedRun>> submit(
      JavaSparkContext jsc, String group, RunTask task, Pack pack, String what) {
    jsc.setJobGroup(group, TaskProgress.JOB_PREFIX + " " + what, true);
    jsc.setLocalProperty(TaskProgress.PARTITION_RUNS, String.valueOf(pack.size()));
    jsc.setLocalProperty(TaskProgress.PARTITION_STEPS,
        String.valueOf((long) pack.size() * pack.first().train().steps()));
    try {
      return jsc.parallelize(List.of(pack), 1).flatMap(task).collectAsync();
    } finally {
      jsc.setLocalProperty(TaskProgress.PARTITION_RUNS, null);
      jsc.setLocalProperty(TaskProgress.PARTITION_STEPS, null);
      jsc.clearJobGroup();
    }
  }

  /** Finished runs not committed yet, and the commits. */
  private final class Commits {
    private final String sweep;
    private final Map<String, PlannedRun> byId;
    private final SweepProgress progress;
    private final List<ExecutedRun> uncommitted = new ArrayList<>();
    private final Map<RunStatus, Integer> counts = new EnumMap<>(RunStatus.class);
    private long oldest;
    private int committed;

    Commits(String sweep, Map<String, PlannedRun> byId, SweepProgress progress) {
      this.sweep = sweep;
      this.byId = byId;
      this.progress = progress;
    }

    void add(List<ExecutedRun> runs) {
      if (uncommitted.isEmpty()) {
        oldest = System.nanoTime();
      }
      uncommitted.addAll(runs);
    }

    /** Commits wait half the interval at most, leaving the other half for the commit itself. */
    long millisUntilDue() {
      if (uncommitted.isEmpty()) {
        return Long.MAX_VALUE;
      }
      long waited = (System.nanoTime() - oldest) / 1_000_000;
      return Math.max(0, commitInterval.toMillis() / 2 - waited);
    }

    /**
     * Whether the finished runs held are to be committed now: the oldest is half a commit
     * interval old, or the wave is full, or — {@code tail}: every pack submitted, some still
     * training — at once, so that the final commit (cores idle) holds only the packs that end last.
     */
    boolean due(boolean tail) {
      return !uncommitted.isEmpty()
          && (tail || uncommitted.size() >= maxUncommitted || millisUntilDue() == 0);
    }

    /**
     * Weights and trajectories first: the runs row is what marks a run done, so a crash in
     * between re-runs the run (its identical trajectory rows are de-duplicated by readers; its
     * weights carry this commit's time, which no counted runs row has, so the weights view never
     * shows them).
     */
    void commit() {
      if (uncommitted.isEmpty()) {
        return;
      }
      long t0 = System.nanoTime();
      List<Row> rows = new ArrayList<>(uncommitted.size());
      List<Row> trajectories = new ArrayList<>();
      List<Row> weights = new ArrayList<>();
      // Microseconds, as Parquet stores it: weights name their runs row by this finished_at.
      Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      for (ExecutedRun r : uncommitted) {
        RunRows.Provenance where = new RunRows.Provenance(
            r.executor(), r.device(), r.gpuAssigned(), EngineVersion.get(), now);
        rows.add(RunRows.of(sweep, byId.get(r.result().runId()), r.result(), where));
        trajectories.addAll(RunRows.trajectory(sweep, r.result()));
        if (storeWeights && r.result().parameters() != null) {
          weights.addAll(WeightRows.of(sweep, r.result().runId(), r.result().parameters(), now));
        }
      }
      long t1 = System.nanoTime();
      store.appendDirect(WeightRows.WEIGHTS.name(), WeightRows.WEIGHTS.schema(), weights);
      long tw = System.nanoTime();
      store.appendDirect(RunRows.TRAJECTORIES.name(), RunRows.TRAJECTORIES.schema(), trajectories);
      long t2 = System.nanoTime();
      store.appendDirect(RunRows.RUNS.name(), RunRows.RUNS.schema(), rows);
      long t3 = System.nanoTime();
      for (ExecutedRun r : uncommitted) {
        counts.merge(r.result().status(), 1, Integer::sum);
        byId.remove(r.result().runId());
      }
      committed += uncommitted.size();
      uncommitted.clear();
      LOG.info("committed {} runs ({} in all) in {} ms: rows {} ms, weights {} ms ({} rows), "
              + "trajectories {} ms, runs {} ms",
          rows.size(), committed, (t3 - t0) / 1_000_000, (t1 - t0) / 1_000_000,
          (tw - t1) / 1_000_000, weights.size(), (t2 - tw) / 1_000_000, (t3 - t2) / 1_000_000);
      progress.committed(committed);
    }

    Map<RunStatus, Integer> counts() {
      return counts;
    }
  }

  /** The run ids of the sweep in the store, re-read in the background now and then. */
  private final class DoneRuns implements AutoCloseable {
    private final String sweep;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sweep-run-ids");
      t.setDaemon(true);
      return t;
    });
    private volatile Set<String> latest = Set.of();
    private Future<?> reading;
    private long readAt = System.nanoTime();

    DoneRuns(String sweep) {
      this.sweep = sweep;
    }

    Set<String> latest() {
      return latest;
    }

    /** Starts a re-read unless one is running or the last began less than {@code age} ago. */
    void refreshIfOld(Duration age) {
      long now = System.nanoTime();
      if ((reading != null && !reading.isDone())
          || now - readAt < Math.max(age.toNanos(), Duration.ofSeconds(10).toNanos())) {
        return;
      }
      readAt = now;
      reading = reader.submit(() -> {
        spark.sparkContext().setLocalProperty("spark.job.description", null);
        spark.sparkContext().setLocalProperty("spark.jobGroup.id", null);
        try {
          latest = store.runIds(sweep);
        } catch (RuntimeException e) {
          LOG.warn("cannot re-read the run ids of sweep {}: {}", sweep, e.toString());
        }
      });
    }

    @Override
    public void close() {
      reader.shutdownNow();
    }
  }

  private static RunResult failed(RunSpec spec, Throwable cause) {
    String error = "task failed after Spark's retries: " + cause;
    if (error.length() > Runner.MAX_ERROR_CHARS) {
      error = error.substring(0, Runner.MAX_ERROR_CHARS);
    }
    return new RunResult(spec.runId(), RunStatus.FAILED, error, Double.NaN, Double.NaN, 0, 0,
        Runner.DEVICE, 0, null, List.of(), null); // no trainer finished it
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SweepRunner.class);
}
