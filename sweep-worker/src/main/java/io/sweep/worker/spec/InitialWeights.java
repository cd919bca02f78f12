package io.sweep.worker.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * A warm start: the parameters a run starts from instead of a random draw ({@code
 * model.init-from}), resolved by the driver from the {@code weights} table of the store and
 * shipped inside the {@link RunSpec}, so the worker reads nothing. Layout as {@code
 * net.NetworkParameters}: {@code weights[l]} is hidden layer l + 1, m × fan-in row-major; {@code
 * biases[l]} length m (zeros without bias); {@code a} the output layer, k × m row-major; {@code c}
 * its k biases.
 *
 * <p>{@code perturb} ε ≥ 0: ε·N(0, 1) is added to every trained parameter, drawn from the run's
 * seed (stream {@code "init-perturb"}), so a perturbed start is reproducible; ε = 0 starts exactly
 * at the stored values. Arrays are not copied (read-only by convention).
 *
 * @param fromRun the run id the values come from (provenance: the {@code init_from} column)
 * @param perturb ε, the standard deviation of the perturbation
 * @param weights W¹ … Wᴸ
 * @param biases  b¹ … bᴸ
 * @param a       A, k × m row-major
 * @param c       c, length k
 */
public record InitialWeights(
    String fromRun, double perturb, double[][] weights, double[][] biases, double[] a, double[] c)
    implements Serializable {

  public InitialWeights {
    Objects.requireNonNull(fromRun, "fromRun");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(biases, "biases");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(c, "c");
    if (!(perturb >= 0) || Double.isInfinite(perturb)) {
      throw new IllegalArgumentException("perturb must be finite and >= 0, got " + perturb);
    }
  }

  /** Why these values cannot start a network of {@code model} on {@code inputDim} inputs, or null. */
  public String mismatch(ModelSpec model, int inputDim) {
    int m = model.width();
    boolean ok = weights.length == model.depth() && biases.length == model.depth()
        && c.length == model.outputDim() && a.length == (long) model.outputDim() * m;
    for (int l = 0; ok && l < weights.length; l++) {
      int fanIn = l == 0 ? inputDim : m;
      ok = weights[l].length == (long) m * fanIn && biases[l].length == m;
    }
    return ok ? null
        : "stored network of run " + fromRun + " does not fit the model (width " + m + ", depth "
            + model.depth() + ", input dim " + inputDim + ", " + model.outputDim() + " outputs)";
  }
}
