package io.sweep.driver.store;

import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.InitialWeights;
import io.sweep.worker.spec.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run's network as the {@code weights} table holds it, reassembled: what a warm start
 * ({@code model.init-from}) starts from and what {@code diagnose} diagnoses. Pure (no Spark):
 * built from the rows of one run.
 *
 * @param runId    the run
 * @param depth    hidden layers L
 * @param width    m
 * @param inputDim d
 * @param outputs  k
 * @param bias     whether the network has biases (bias tensors stored)
 * @param weights  W¹ … Wᴸ, m × fan-in row-major
 * @param biases   b¹ … bᴸ (zeros without bias)
 * @param a        A, k × m row-major
 * @param c        c (zeros without bias)
 */
public record StoredNetwork(String runId, int depth, int width, int inputDim, int outputs,
    boolean bias, double[][] weights, double[][] biases, double[] a, double[] c) {

  /** One stored tensor: its shape and values, row-major. */
  public record Tensor(int[] shape, double[] values) {}

  /**
   * Reassembles a run's network from its tensors, keyed {@code (layer, tensor)}.
   *
   * @throws IllegalArgumentException when the tensors do not form a network (a layer missing,
   *     shapes that do not chain)
   */
  public static StoredNetwork of(String runId, Map<Integer, Map<String, Tensor>> layers) {
    TreeMap<Integer, Map<String, Tensor>> sorted = new TreeMap<>(layers);
    int count = sorted.size();
    if (count < 2 || sorted.firstKey() != 1 || sorted.lastKey() != count) {
      throw new IllegalArgumentException("the weights of run " + runId
          + " are incomplete: layers " + sorted.keySet());
    }
    int depth = count - 1;
    Tensor out = require(runId, sorted.get(count), WeightRows.WEIGHT, count);
    int k = out.shape()[0];
    int m = out.shape()[1];
    boolean bias = sorted.get(1).containsKey(WeightRows.BIAS);
    double[][] w = new double[depth][];
    double[][] b = new double[depth][];
    int d = require(runId, sorted.get(1), WeightRows.WEIGHT, 1).shape()[1];
    for (int l = 0; l < depth; l++) {
      Tensor t = require(runId, sorted.get(l + 1), WeightRows.WEIGHT, l + 1);
      int fanIn = l == 0 ? d : m;
      if (t.shape()[0] != m || t.shape()[1] != fanIn) {
        throw new IllegalArgumentException("the weights of run " + runId + " do not chain at layer "
            + (l + 1));
      }
      w[l] = t.values();
      b[l] = bias ? require(runId, sorted.get(l + 1), WeightRows.BIAS, l + 1).values() : new double[m];
    }
    double[] c = bias ? require(runId, sorted.get(count), WeightRows.BIAS, count).values() : new double[k];
    return new StoredNetwork(runId, depth, m, d, k, bias, w, b, out.values(), c);
  }

  private static Tensor require(String runId, Map<String, Tensor> layer, String tensor, int l) {
    Tensor t = layer.get(tensor);
    if (t == null) {
      throw new IllegalArgumentException("the weights of run " + runId + " lack the " + tensor
          + " of layer " + l);
    }
    return t;
  }

  /** The shape in words, as messages compare them: {@code depth 1, width 8, input dim 4, 1 output, bias}. */
  public String shape() {
    return shape(depth, width, inputDim, outputs, bias);
  }

  /** A shape in the words of {@link #shape()}. */
  public static String shape(int depth, int width, int inputDim, int outputs, boolean bias) {
    return "depth " + depth + ", width " + width + ", input dim " + inputDim + ", " + outputs
        + (outputs == 1 ? " output" : " outputs") + ", " + (bias ? "bias" : "no bias");
  }

  /** Whether this network has the shape of {@code model} on {@code inputDim} inputs. */
  public boolean fits(ModelSpec model, int inputDim) {
    return depth == model.depth() && width == model.width() && this.inputDim == inputDim
        && outputs == model.outputDim() && bias == model.bias();
  }

  /** The warm start from this network, perturbed by ε. */
  public InitialWeights start(double perturb) {
    return new InitialWeights(runId, perturb, weights, biases, a, c);
  }

  /** The parameters of a network of {@code model} (activation, frozen output) with these values. */
  public NetworkParameters parameters(ModelSpec model) {
    return new NetworkParameters(inputDim, width, model.activation(), bias, model.trainOutput(),
        weights, biases, a, c);
  }

  /** Shapes as a list, for messages and tests. */
  public List<Integer> dims() {
    return List.of(depth, width, inputDim, outputs);
  }
}
