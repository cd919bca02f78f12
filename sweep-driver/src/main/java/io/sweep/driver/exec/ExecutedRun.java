package io.sweep.driver.exec;

import io.sweep.worker.run.RunResult;
import java.io.Serializable;
import java.util.Objects;

/**
 * A worker's result with where it ran, as it comes back from an executor.
 *
 * @param result      what the worker produced
 * @param executor    Spark executor id @ host ({@code driver@host} in local mode)
 * @param device      where the training ran: {@code cpu}, or {@code gpu:N} with N the CUDA ordinal
 *                    ND4J used (the worker's own {@link RunResult#device()} unless the task was
 *                    bound to a GPU)
 * @param gpuAssigned the GPU address(es) Spark's scheduler assigned to the task (comma-separated,
 *                    as the discovery script named them), or null when it assigned none; with
 *                    device {@code cpu} it means "GPU assigned, CUDA backend absent: ran on CPU"
 */
public record ExecutedRun(RunResult result, String executor, String device, String gpuAssigned)
    implements Serializable {

  public ExecutedRun {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(device, "device");
  }

  /** A run with no GPU assigned, on the device the worker reported. */
  public ExecutedRun(RunResult result, String executor) {
    this(result, executor, result.device(), null);
  }
}
