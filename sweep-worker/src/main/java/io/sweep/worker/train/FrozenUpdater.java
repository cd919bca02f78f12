package io.sweep.worker.train;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The updater of a frozen layer: the update is zero, so DL4J's θ ← θ − update leaves θ bitwise
 * as it was (also when the gradient is not finite).
 *
 * <p>DL4J's {@code NoOp} does not do this: its updater leaves the gradient in place and DL4J then
 * subtracts the raw gradient, a plain SGD step with η = 1 (observed with 1.0.0-M2.1: a frozen
 * output built with {@code NoOp} moved on the first step).
 * Gradients still flow through the layer to the layers below; only its own parameters stay put.
 * Stateless.
 */
public final class FrozenUpdater implements IUpdater {

  private static final long serialVersionUID = 1L;

  @Override
  public long stateSize(long numParams) {
    return 0;
  }

  @Override
  public GradientUpdater<FrozenUpdater> instantiate(INDArray viewArray, boolean initialize) {
    return new Updater(this);
  }

  @Override
  public GradientUpdater<FrozenUpdater> instantiate(
      Map<String, INDArray> state, boolean initialize) {
    return new Updater(this);
  }

  @Override
  public FrozenUpdater clone() {
    return new FrozenUpdater();
  }

  @Override
  public double getLearningRate(int iteration, int epoch) {
    return 0;
  }

  @Override
  public boolean hasLearningRate() {
    return false;
  }

  @Override
  public void setLrAndSchedule(double lr, ISchedule schedule) {
    throw new UnsupportedOperationException("a frozen layer has no learning rate");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FrozenUpdater;
  }

  @Override
  public int hashCode() {
    return FrozenUpdater.class.hashCode();
  }

  @Override
  public String toString() {
    return "FrozenUpdater";
  }

  private record Updater(FrozenUpdater getConfig) implements GradientUpdater<FrozenUpdater> {

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {}

    @Override
    public Map<String, INDArray> getState() {
      return Map.of();
    }

    @Override
    public void setStateViewArray(
        INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {}

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
      gradient.assign(0);
    }
  }
}
