package io.sweep.worker.train;

import io.sweep.worker.spec.Activation;
import java.util.Objects;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J activation that evaluates the spec's σ and σ′ ({@link Activation#apply}, {@link
 * Activation#derivative}) element by element in double precision and rounds the result to the
 * network's data type: the reference's σ is then the spec's formula to within one float rounding.
 *
 * <p>Used for the activations ND4J does not compute as specified:
 *
 * <ul>
 *   <li><b>gelu</b>: DL4J 1.0.0-M2.1's {@code ActivationGELU} runs ND4J's {@code GELU} op (with
 *       {@code GELUDerivative}), which is the sigmoid approximation z·s(1.702z) (it agrees with
 *       that to 6e-7 on [−6, 6]), not the tanh approximation ½z(1 + tanh(√(2/π)(z + 0.044715z³)))
 *       of the spec: they differ by up to 0.021 (0.029 in σ′). {@code ActivationGELU(true)} runs
 *       {@code PreciseGELU}/{@code PreciseGELUDerivative}, which match neither the tanh
 *       approximation (up to 0.034 apart) nor the erf form. Measured on a grid of 2001 points; the
 *       same check is in {@code SpecActivationTest}.
 *   <li><b>cubic</b>: z + z³/3 with σ′ = 1 + z², which DL4J does not have.
 * </ul>
 *
 * <p>Slow (a copy to the heap and back per call) and exact: this is the oracle, not a fast path.
 * {@link #getActivation} overwrites its input with σ(z), {@link #backprop} overwrites its input
 * with σ′(z) ⊙ ε and returns it, as DL4J's own activations do.
 */
public final class SpecActivation extends BaseActivationFunction {

  private static final long serialVersionUID = 1L;

  private Activation activation;

  /** For DL4J's JSON (de)serialisation of configurations. */
  private SpecActivation() {}

  /** The DL4J activation computing {@code activation}'s σ and σ′. */
  public SpecActivation(Activation activation) {
    this.activation = Objects.requireNonNull(activation, "activation");
  }

  /** The spec activation this computes. */
  public Activation activation() {
    return activation;
  }

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    double[] z = values(in);
    for (int i = 0; i < z.length; i++) {
      z[i] = activation.apply(z[i]);
    }
    return write(z, in);
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    double[] z = values(in);
    for (int i = 0; i < z.length; i++) {
      z[i] = activation.derivative(z[i]);
    }
    write(z, in).muli(epsilon);
    return new Pair<>(in, null);
  }

  /** The elements of {@code in} in C order, in double. */
  private static double[] values(INDArray in) {
    return in.dup('c').reshape(in.length()).toDoubleVector();
  }

  /** Assigns {@code values} (C order) to {@code into}, rounded to its data type. */
  private static INDArray write(double[] values, INDArray into) {
    return into.assign(Nd4j.create(values, into.shape(), 'c').castTo(into.dataType()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpecActivation other && other.activation == activation;
  }

  @Override
  public int hashCode() {
    return activation.hashCode();
  }

  @Override
  public String toString() {
    return "spec-" + activation.label();
  }
}
