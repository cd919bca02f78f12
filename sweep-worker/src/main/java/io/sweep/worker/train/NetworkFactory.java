package io.sweep.worker.train;

import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.ModelSpec;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J network of a {@link ModelSpec}: {@code DenseLayer} d → m with activation σ, then
 * an identity {@code OutputLayer} m → 1 with {@code LossFunction.MSE}; biases on both layers iff
 * {@link ModelSpec#bias()}; plain SGD ({@code new Sgd(lr)}: θ ← θ − η∇L); {@code DataType.FLOAT};
 * {@code miniBatch(true)} (gradients averaged over the batch); no regularisation.
 *
 * <p>The parameters are set explicitly from {@link InitialParameters} after {@code init()} (DL4J
 * initialises to zero first, so its RNG draws nothing). DL4J's layout: layer 0's {@code "W"} is
 * d × m (column j is neuron j's wⱼ), {@code "b"} is a vector of length m (rank 1 in DL4J 1.0.0-M2.1); layer
 * 1's {@code "W"} is m × 1 (the output weights a), {@code "b"} has length 1. The flattened
 * parameter vector {@code net.params()} is W₀ (column-major, i.e. neuron by neuron), b₀, a, c.
 *
 * <p>Stateless and thread-safe; each call returns a new network, which belongs to its caller.
 */
public final class NetworkFactory {

  /** Index of the hidden layer in the network. */
  public static final int HIDDEN_LAYER = 0;
  /** Index of the output layer in the network. */
  public static final int OUTPUT_LAYER = 1;

  private NetworkFactory() {}

  /**
   * A new, initialised network with the given initial parameters.
   *
   * @param model    width, activation, biases (initScale is already applied in {@code init})
   * @param inputDim d ≥ 1
   * @param lr       SGD step size η &gt; 0
   * @param init     the initial weights; its width and input dimension must match
   * @return the network, parameters equal to {@code init} rounded to float, biases 0
   */
  public static MultiLayerNetwork build(
      ModelSpec model, int inputDim, double lr, InitialParameters init) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(init, "init");
    int m = model.width();
    if (init.width() != m || init.inputDim() != inputDim) {
      throw new IllegalArgumentException(
          "initial parameters are for width " + init.width() + ", input dim " + init.inputDim()
              + "; the model needs width " + m + ", input dim " + inputDim);
    }
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            // Nothing is drawn (zero init, overwritten below); a fixed seed keeps DL4J away from
            // its clock-based default all the same.
            .seed(0L)
            .weightInit(WeightInit.ZERO)
            .updater(new Sgd(lr))
            .dataType(DataType.FLOAT)
            .miniBatch(true)
            .list()
            .layer(
                new DenseLayer.Builder()
                    .nIn(inputDim)
                    .nOut(m)
                    .activation(dl4jActivation(model.activation()))
                    .hasBias(model.bias())
                    .build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                    .nIn(m)
                    .nOut(1)
                    .activation(org.nd4j.linalg.activations.Activation.IDENTITY)
                    .hasBias(model.bias())
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    setParameters(net, init, model.bias());
    return net;
  }

  /** The DL4J activation computing σ. */
  static org.nd4j.linalg.activations.Activation dl4jActivation(Activation activation) {
    return switch (activation) {
      case RELU -> org.nd4j.linalg.activations.Activation.RELU;
      case TANH -> org.nd4j.linalg.activations.Activation.TANH;
      case LINEAR -> org.nd4j.linalg.activations.Activation.IDENTITY;
      default -> throw new UnsupportedOperationException(
          "activation " + activation.label() + " is not built yet");
    };
  }

  private static void setParameters(MultiLayerNetwork net, InitialParameters init, boolean bias) {
    int m = init.width();
    int d = init.inputDim();
    double[] w = init.firstLayer();
    float[][] hidden = new float[d][m];
    for (int j = 0; j < m; j++) {
      for (int k = 0; k < d; k++) {
        hidden[k][j] = (float) w[j * d + k];
      }
    }
    double[] a = init.outputLayer();
    float[][] output = new float[m][1];
    for (int j = 0; j < m; j++) {
      output[j][0] = (float) a[j];
    }
    param(net.getLayer(HIDDEN_LAYER), DefaultParamInitializer.WEIGHT_KEY)
        .assign(Nd4j.create(hidden));
    param(net.getLayer(OUTPUT_LAYER), DefaultParamInitializer.WEIGHT_KEY)
        .assign(Nd4j.create(output));
    if (bias) {
      param(net.getLayer(HIDDEN_LAYER), DefaultParamInitializer.BIAS_KEY).assign(0);
      param(net.getLayer(OUTPUT_LAYER), DefaultParamInitializer.BIAS_KEY).assign(0);
    }
  }

  /**
   * Reads a DL4J network's current parameters into double precision (the inverse of the
   * initialisation above: DL4J keeps the hidden weights d × m, we keep W as m × d).
   */
  public static io.sweep.worker.net.NetworkParameters parameters(
      MultiLayerNetwork net, io.sweep.worker.spec.ModelSpec model, int inputDim) {
    int m = model.width();
    int d = inputDim;
    double[] hidden = param(net.getLayer(HIDDEN_LAYER), DefaultParamInitializer.WEIGHT_KEY)
        .dup('c').reshape(-1).toDoubleVector(); // d × m, row-major
    double[] w = new double[m * d];
    for (int k = 0; k < d; k++) {
      for (int j = 0; j < m; j++) {
        w[j * d + k] = hidden[k * m + j];
      }
    }
    double[] a = param(net.getLayer(OUTPUT_LAYER), DefaultParamInitializer.WEIGHT_KEY)
        .dup('c').reshape(-1).toDoubleVector();
    double[] b = new double[m];
    double c = 0;
    if (model.bias()) {
      b = param(net.getLayer(HIDDEN_LAYER), DefaultParamInitializer.BIAS_KEY).dup('c').reshape(-1).toDoubleVector();
      c = param(net.getLayer(OUTPUT_LAYER), DefaultParamInitializer.BIAS_KEY).getDouble(0);
    }
    return new io.sweep.worker.net.NetworkParameters(
        m, d, model.activation(), model.bias(), w, b, a, c);
  }

  /** The live parameter view (assigning to it changes the network). */
  private static INDArray param(Layer layer, String key) {
    INDArray p = layer.getParam(key);
    if (p == null) {
      throw new IllegalStateException("DL4J layer " + layer.getIndex() + " has no parameter " + key);
    }
    return p;
  }
}
