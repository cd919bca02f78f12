package io.sweep.worker.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * Everything one training run needs, fully resolved: no defaults are applied below this point.
 *
 * <p>A {@code RunSpec} is built by the driver from the sweep plan and shipped to an executor; it is
 * immutable and serializable. Every random draw of the run derives from {@link #seed()} (see
 * {@link io.sweep.worker.data.Seeds}), so the same spec gives the same result on any machine.
 *
 * @param runId deterministic id of (sweep, every parameter); the primary key of the {@code runs} table
 * @param seed  the run's seed; data, initialisation, minibatch order and label noise derive from it
 * @param model the network
 * @param data  the data set
 * @param train the optimiser and its budget
 * @param start the parameters to start from ({@code model.init-from}), or null for the random
 *              initialisation of {@code model}
 */
public record RunSpec(
    String runId, long seed, ModelSpec model, DataSpec data, TrainSpec train, InitialWeights start)
    implements Serializable {

  /** A run that starts from its random initialisation. */
  public RunSpec(String runId, long seed, ModelSpec model, DataSpec data, TrainSpec train) {
    this(runId, seed, model, data, train, null);
  }

  public RunSpec {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(train, "train");
    if (model.outputDim() != data.outputs()) {
      throw new IllegalArgumentException(
          "the model has " + model.outputDim() + " outputs, the data " + data.outputs()
              + " labels per sample");
    }
    if (train.maxBatchSize() > data.samples()) {
      throw new IllegalArgumentException(
          "batch size " + train.maxBatchSize() + " exceeds sample count " + data.samples());
    }
    if (start != null && start.mismatch(model, data.inputDim()) != null) {
      throw new IllegalArgumentException(start.mismatch(model, data.inputDim()));
    }
  }

  /** This run starting from {@code weights} (null: its random initialisation). */
  public RunSpec withStart(InitialWeights weights) {
    return new RunSpec(runId, seed, model, data, train, weights);
  }
}
