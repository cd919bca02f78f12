package io.sweep.driver.exec;

import io.sweep.worker.data.ProvidedData;
import io.sweep.worker.data.ProvidedDataSet;
import io.sweep.worker.diagnose.DiagnosticsSpec;
import io.sweep.worker.pack.Pack;
import io.sweep.worker.pack.PackBackend;
import io.sweep.worker.run.RunResult;
import io.sweep.worker.run.Runner;
import io.sweep.worker.run.SpareCores;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.train.StepReporter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark adapter around the worker: trains one pack of runs on an executor, on the GPU Spark assigned to
 * the task when there is one and ND4J can use it ({@link TaskDevice}). A top-level class whose
 * closure is just the sweep's diagnostics settings.
 *
 * <p>When a GPU was assigned (or the CUDA backend is present) it logs one line per run on the
 * executor, {@code run ID (stage S, partition P, TID T): gpu assigned A, device D}, which ties a
 * run to the task the scheduler placed.
 */
public final class RunTask implements FlatMapFunction<Pack, ExecutedRun> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RunTask.class);

  private final DiagnosticsSpec diagnostics;
  /** The sweep's data set for {@code data.type = parquet}, shipped once per executor; or null. */
  private final Broadcast<ProvidedDataSet> data;
  /** Replica-steps trained, for the live view; or null. */
  private final LongAccumulator replicaSteps;

  /** The pack trainer's path ({@code engine.pack-backend}), resolved on the executor. */
  private final PackBackend packBackend;

  /** A task that diagnoses every run with the sweep's {@code diagnostics} settings. */
  public RunTask(DiagnosticsSpec diagnostics) {
    this(diagnostics, null);
  }

  /** A task whose runs train on the broadcast data set {@code data} (null: generated data). */
  public RunTask(DiagnosticsSpec diagnostics, Broadcast<ProvidedDataSet> data) {
    this(diagnostics, data, PackBackend.AUTO, null);
  }

  /**
   * A task whose packs train on the pack path {@code packBackend} and that also adds the
   * replica-steps it trains to {@code replicaSteps} as training advances (null: none): each
   * task's copy of the accumulator travels to the driver in executor heartbeats while the task
   * runs, which is how the live view sees a long pack move ({@link TaskProgress}).
   */
  public RunTask(DiagnosticsSpec diagnostics, Broadcast<ProvidedDataSet> data,
      PackBackend packBackend, LongAccumulator replicaSteps) {
    this.diagnostics = diagnostics;
    this.data = data;
    this.packBackend = java.util.Objects.requireNonNull(packBackend, "packBackend");
    this.replicaSteps = replicaSteps;
  }

  /** Hands the broadcast data set (read once per executor) to the worker's registry. */
  private void provideData() {
    if (data != null) {
      ProvidedData.provide(data.value());
    }
  }

  /** Trains one pack (a single run is a pack of one) and returns a result per run, in order. */
  @Override
  public Iterator<ExecutedRun> call(Pack pack) {
    provideData();
    SparkEnv env = SparkEnv.get();
    if (env != null) {
      SpareCores.jvm().slots(ExecutorSlots.of(env.conf()));
    }
    for (RunSpec spec : pack.runs()) {
      FaultInjection.maybeFail(spec.runId());
    }
    List<String> gpus = TaskDevice.assignedGpus();
    TaskDevice.Placement placement = TaskDevice.place(gpus);
    List<ExecutedRun> executed = new ArrayList<>(pack.size());
    LongConsumer progress = replicaSteps == null ? StepReporter.NONE : replicaSteps::add;
    for (RunResult result : Runner.run(pack, diagnostics, packBackend, progress)) {
      String device = placement.device(result.device());
      if (placement.gpuAssigned() != null || placement.cudaDevice() != null) {
        LOG.info("run {} ({}): gpu assigned {}, device {}", result.runId(), TaskDevice.taskName(),
            placement.gpuAssigned() == null ? "none" : placement.gpuAssigned(), device);
      }
      executed.add(new ExecutedRun(result, executor(), device, placement.gpuAssigned()));
    }
    return executed.iterator();
  }

  /** {@code executorId@host}; the id is {@code driver} in local mode. */
  static String executor() {
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return "unknown";
    }
    return env.executorId() + "@" + env.blockManager().blockManagerId().host();
  }
}
