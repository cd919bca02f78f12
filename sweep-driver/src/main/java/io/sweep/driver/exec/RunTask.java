package io.sweep.driver.exec;

import io.sweep.worker.diagnose.DiagnosticsSpec;
import io.sweep.worker.run.RunResult;
import io.sweep.worker.run.RunSpec;
import io.sweep.worker.run.Runner;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark adapter around the worker: runs one spec on an executor, on the GPU Spark assigned to
 * the task when there is one and ND4J can use it ({@link TaskDevice}). A top-level class whose
 * closure is just the sweep's diagnostics settings.
 *
 * <p>When a GPU was assigned (or the CUDA backend is present) it logs one line per run on the
 * executor, {@code run ID (stage S, partition P, TID T): gpu assigned A, device D}, which ties a
 * run to the task the scheduler placed.
 */
public final class RunTask implements Function<RunSpec, ExecutedRun> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RunTask.class);

  private final DiagnosticsSpec diagnostics;

  /** A task that diagnoses every run with the sweep's {@code diagnostics} settings. */
  public RunTask(DiagnosticsSpec diagnostics) {
    this.diagnostics = diagnostics;
  }

  @Override
  public ExecutedRun call(RunSpec spec) {
    FaultInjection.maybeFail(spec.runId());
    List<String> gpus = TaskDevice.assignedGpus();
    TaskDevice.Placement placement = TaskDevice.place(gpus);
    RunResult result = Runner.run(spec, diagnostics);
    String device = placement.device(result.device());
    if (placement.gpuAssigned() != null || placement.cudaDevice() != null) {
      LOG.info("run {} ({}): gpu assigned {}, device {}", spec.runId(), TaskDevice.taskName(),
          placement.gpuAssigned() == null ? "none" : placement.gpuAssigned(), device);
    }
    return new ExecutedRun(result, executor(), device, placement.gpuAssigned());
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
