package io.sweep.worker.train;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Heavy-ball momentum, PyTorch's {@code SGD(momentum=μ)} without dampening or Nesterov, as a DL4J
 * updater: with g the gradient DL4J hands the updater,
 *
 * <pre>{@code
 * v ← μv + g        (v = 0 before the first step; μ = 0 sets v = g, even when v is not finite)
 * θ ← θ − ηv        (DL4J subtracts the update ηv that applyUpdater leaves in g)
 * }</pre>
 *
 * <p>DL4J's {@code Nesterovs} is not this rule (it steps with μv − η g look-ahead terms). What g
 * holds when it gets here: DL4J divides the summed gradient by the batch size, then adds the L2
 * term coeff·θ of each parameter ({@code L2Regularization}, an axpy, applied {@code
 * BEFORE_UPDATER}), then calls {@link Updater#applyUpdater}; so with {@code l2 = l2Bias = λ} the
 * velocity accumulates ∇L + λθ, as {@link io.sweep.worker.spec.TrainSpec} defines.
 *
 * <p>η and μ are schedules over DL4J's iteration count, which is k − 1 at step k (see {@link
 * NetworkFactory}). The last operation is ND4J's own {@code SgdUpdater} op (g ← ηg) on v, so
 * with μ = 0 every step is bitwise DL4J's {@code Sgd}.
 *
 * <p>The configuration is immutable after construction (DL4J clones it per layer); the state, v,
 * lives in DL4J's updater view array, one float per parameter.
 */
public final class HeavyBall implements IUpdater {

  private static final long serialVersionUID = 1L;
  /** The state key, as in DL4J's momentum updaters. */
  static final String VELOCITY = "V";

  private ISchedule learningRate;
  private ISchedule momentum;

  /** For DL4J's JSON (de)serialisation of configurations. */
  private HeavyBall() {}

  /** Constant η and μ. */
  public HeavyBall(double learningRate, double momentum) {
    this(new FixedSchedule(learningRate), new FixedSchedule(momentum));
  }

  /** η and μ as schedules over the iteration count (k − 1 at step k). */
  public HeavyBall(ISchedule learningRate, ISchedule momentum) {
    this.learningRate = Objects.requireNonNull(learningRate, "learningRate");
    this.momentum = Objects.requireNonNull(momentum, "momentum");
  }

  /** μ at the given iteration. */
  public double momentum(int iteration, int epoch) {
    return momentum.valueAt(iteration, epoch);
  }

  @Override
  public long stateSize(long numParams) {
    return numParams;
  }

  @Override
  public GradientUpdater<HeavyBall> instantiate(INDArray viewArray, boolean initialize) {
    Updater u = new Updater(this);
    u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initialize);
    return u;
  }

  @Override
  public GradientUpdater<HeavyBall> instantiate(
      Map<String, INDArray> state, boolean initialize) {
    Updater u = new Updater(this);
    u.setState(state, initialize);
    return u;
  }

  @Override
  public HeavyBall clone() {
    return new HeavyBall(learningRate.clone(), momentum.clone());
  }

  @Override
  public double getLearningRate(int iteration, int epoch) {
    return learningRate.valueAt(iteration, epoch);
  }

  @Override
  public boolean hasLearningRate() {
    return true;
  }

  @Override
  public void setLrAndSchedule(double lr, ISchedule schedule) {
    learningRate = schedule != null ? schedule : new FixedSchedule(lr);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeavyBall h
        && h.learningRate.equals(learningRate) && h.momentum.equals(momentum);
  }

  @Override
  public int hashCode() {
    return Objects.hash(learningRate, momentum);
  }

  @Override
  public String toString() {
    return "HeavyBall(lr=" + learningRate + ", momentum=" + momentum + ")";
  }

  /** The per-block state: the velocity v, a view of DL4J's updater state array. */
  static final class Updater implements GradientUpdater<HeavyBall> {

    private final HeavyBall config;
    private INDArray velocity;

    Updater(HeavyBall config) {
      this.config = config;
    }

    @Override
    public HeavyBall getConfig() {
      return config;
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
      if (state.size() != 1 || !state.containsKey(VELOCITY)) {
        throw new IllegalStateException(
            "heavy-ball state must hold exactly " + VELOCITY + ", got " + state.keySet());
      }
      velocity = state.get(VELOCITY);
      if (initialize) {
        velocity.assign(0);
      }
    }

    @Override
    public Map<String, INDArray> getState() {
      return Map.of(VELOCITY, velocity);
    }

    @Override
    public void setStateViewArray(
        INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
      if (initialize) {
        viewArray.assign(0);
      }
      velocity = Shape.newShapeNoCopy(viewArray, gradientShape, gradientOrder == 'f');
      if (velocity == null) {
        throw new IllegalStateException("could not view the velocity in the gradient's shape");
      }
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
      double mu = config.momentum(iteration, epoch);
      if (mu == 0) {
        velocity.assign(gradient);
      } else {
        velocity.muli(mu).addi(gradient);
      }
      gradient.assign(velocity);
      Nd4j.exec(
          new org.nd4j.linalg.api.ops.impl.updaters.SgdUpdater(
              gradient, config.getLearningRate(iteration, epoch)));
    }
  }
}
