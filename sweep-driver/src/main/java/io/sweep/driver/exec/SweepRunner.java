package io.sweep.driver.exec;

import io.sweep.driver.EngineVersion;
import io.sweep.driver.data.DataSets;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.driver.plan.SweepPlan;
import io.sweep.driver.store.RunRows;
import io.sweep.driver.store.Store;
import io.sweep.worker.pack.Pack;
import io.sweep.worker.run.RunResult;
import io.sweep.worker.run.Runner;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Executes planned runs on Spark in waves: each wave is one Spark job with one task per run, and
 * its rows are committed to the store as soon as it finishes, so a crash loses at most the wave in
 * flight and a re-run resumes from what was committed.
 */
public final class SweepRunner {
  private final SparkSession spark;
  private final Store store;
  private final int waveSize;
  private final int packSize;

  /**
   * @param waveSize runs per wave; 0 means four packs per core of the cluster
   * @param packSize most runs trained together as one pack (one Spark task); 1 = no packing
   */
  public SweepRunner(SparkSession spark, Store store, int waveSize, int packSize) {
    this.spark = spark;
    this.store = store;
    this.packSize = packSize;
    this.waveSize = waveSize > 0 ? waveSize
        : 4 * packSize * Math.max(1, spark.sparkContext().defaultParallelism());
  }

  /** Runs per wave. */
  public int waveSize() {
    return waveSize;
  }

  /**
   * Runs every pending run of a sweep and commits their rows.
   *
   * @param plan       the sweep (its name and diagnostics settings)
   * @param pending    the runs still to do
   * @param onRunsDone called (from a Spark listener thread) as runs finish, for progress display
   * @return how many runs ended in each status
   */
  public Map<RunStatus, Integer> run(SweepPlan plan, List<PlannedRun> pending, IntConsumer onRunsDone) {
    String sweep = plan.name();
    RunTask task = new RunTask(plan.settings().diagnostics().toSpec(),
        DataSets.broadcast(spark, plan.settings())); // parquet: the data set, shipped once
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    TaskProgress progress = new TaskProgress(onRunsDone);
    spark.sparkContext().addSparkListener(progress);
    Map<RunStatus, Integer> counts = new EnumMap<>(RunStatus.class);
    try {
      int waves = (pending.size() + waveSize - 1) / waveSize;
      for (int w = 0; w < waves; w++) {
        List<PlannedRun> wave = pending.subList(w * waveSize, Math.min(pending.size(), (w + 1) * waveSize));
        if (w > 0) {
          // Another invocation of the same sweep may have committed some of these meanwhile.
          java.util.Set<String> done = store.runIds(sweep);
          List<PlannedRun> left = wave.stream().filter(r -> !done.contains(r.runId())).toList();
          onRunsDone.accept(wave.size() - left.size());
          wave = left;
          if (wave.isEmpty()) {
            continue;
          }
        }
        Map<String, PlannedRun> byId = new HashMap<>();
        List<RunSpec> specs = new ArrayList<>(wave.size());
        for (PlannedRun run : wave) {
          byId.put(run.runId(), run);
          specs.add(run.spec());
        }
        jsc.setJobDescription(TaskProgress.JOB_PREFIX + " " + sweep + " wave " + (w + 1) + "/" + waves);
        List<Pack> packs = Pack.group(specs, packSize);
        List<ExecutedRun> results;
        try {
          results = submit(jsc, task, packs).get();
        } catch (Exception waveFailed) { // SparkException: checked in Scala, undeclared in Java
          results = oneByOne(jsc, task, specs, waveFailed);
        }
        jsc.setJobDescription(null);
        List<Row> rows = new ArrayList<>(results.size());
        List<Row> trajectories = new ArrayList<>();
        Instant now = Instant.now();
        for (ExecutedRun r : results) {
          RunRows.Provenance where = new RunRows.Provenance(
              r.executor(), r.device(), r.gpuAssigned(), EngineVersion.get(), now);
          rows.add(RunRows.of(sweep, byId.get(r.result().runId()), r.result(), where));
          trajectories.addAll(RunRows.trajectory(sweep, r.result()));
          counts.merge(r.result().status(), 1, Integer::sum);
        }
        // Trajectories first: the runs row is what marks a run done, so a crash in between
        // re-runs the run (its identical trajectory rows are de-duplicated by readers).
        store.append(RunRows.TRAJECTORIES, trajectories);
        store.append(RunRows.RUNS, rows);
      }
    } finally {
      spark.sparkContext().removeSparkListener(progress);
    }
    return counts;
  }

  /**
   * After a wave's job failed — some task kept failing after Spark's own retries
   * ({@code spark.task.maxFailures}): an infrastructure failure such as a lost executor or an
   * out-of-memory error, since the worker turns run errors into rows — its runs are submitted
   * again as one job each, concurrently. A run whose job fails again becomes a {@code failed}
   * row with Spark's error, so one bad run cannot stop the sweep.
   */
  private static List<ExecutedRun> oneByOne(
      JavaSparkContext jsc, RunTask task, List<RunSpec> specs, Exception waveFailed) {
    LOG.warn("wave failed ({}); running its {} runs one job each", waveFailed.toString(), specs.size());
    List<org.apache.spark.api.java.JavaFutureAction<List<ExecutedRun>>> jobs = new ArrayList<>();
    for (RunSpec spec : specs) {
      jobs.add(submit(jsc, task, List.of(Pack.of(spec))));
    }
    List<ExecutedRun> results = new ArrayList<>(specs.size());
    for (int i = 0; i < specs.size(); i++) {
      try {
        results.add(jobs.get(i).get().get(0));
      } catch (java.util.concurrent.ExecutionException e) {
        results.add(new ExecutedRun(failed(specs.get(i), e.getCause()), "unknown"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while re-running a failed wave", e);
      }
    }
    return results;
  }

  /** One Spark job, one task per pack; the progress listener learns each task's run count. */
  private static org.apache.spark.api.java.JavaFutureAction<List<ExecutedRun>> submit(
      JavaSparkContext jsc, RunTask task, List<Pack> packs) {
    jsc.setLocalProperty(TaskProgress.PARTITION_RUNS,
        packs.stream().map(p -> String.valueOf(p.size())).collect(java.util.stream.Collectors.joining(",")));
    try {
      return jsc.parallelize(packs, packs.size()).flatMap(task).collectAsync();
    } finally {
      jsc.setLocalProperty(TaskProgress.PARTITION_RUNS, null);
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
