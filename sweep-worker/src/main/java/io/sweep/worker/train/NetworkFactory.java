package io.sweep.worker.train;

import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.TrainSpec;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J network of a {@link ModelSpec} and its optimiser: L {@code DenseLayer}s with
 * activation σ (d → m, then m → m), then an identity {@code OutputLayer} m → k (k = {@link
 * ModelSpec#outputDim()}) with {@code LossFunction.MSE}; biases on every layer iff {@link ModelSpec#bias()}; {@code DataType.FLOAT};
 * {@code miniBatch(true)} (gradients averaged over the batch).
 *
 * <p><b>Activations.</b> relu, tanh, linear (identity) and softplus are DL4J's own; gelu and
 * cubic are {@link SpecActivation}s (DL4J's GELU is another function, see there).
 *
 * <p><b>Optimiser</b> ({@link TrainSpec}'s rule). Every trained layer's updater is a {@link
 * HeavyBall} whose η and μ follow the schedule (MapSchedules over DL4J's iteration count, which is
 * k − 1 at step k, so a phase at {@code at} takes effect at step at + 1). Weight decay λ &gt; 0 is
 * DL4J's {@code l2(λ)} and {@code l2Bias(λ)} on every trained layer, which adds λθ to the
 * batch-averaged gradient before the updater (not 2λθ: {@code L2Regularization} is an axpy with
 * coefficient λ; its score term is ½λ‖θ‖², so {@code score()} includes it). λ = 0 adds no
 * regularisation at all.
 *
 * <p><b>Frozen output</b> ({@code trainOutput = false}): the output layer gets a {@link
 * FrozenUpdater} (a zero update; DL4J's {@code NoOp} would step with the raw gradient) and no L2,
 * so a and c keep their initial values bitwise while the backpropagated signal through a still
 * reaches the hidden layers.
 *
 * <p>The parameters are set explicitly from {@link InitialParameters} after {@code init()} (DL4J
 * initialises to zero first, so its RNG draws nothing). DL4J's layout: hidden layer l's {@code
 * "W"} is fan-in × m (column j is neuron j's incoming weights), {@code "b"} a vector of length m
 * (rank 1 in DL4J 1.0.0-M2.1); the output layer's {@code "W"} is m × k (column o is output o's
 * weights, row o of our A), {@code "b"} has length k. The flattened parameter vector {@code net.params()} is, layer by
 * layer, W (column-major, i.e. neuron by neuron) then b; a and c last.
 *
 * <p>Stateless and thread-safe; each call returns a new network, which belongs to its caller.
 */
public final class NetworkFactory {

  /** Index of the first hidden layer in the network. */
  public static final int HIDDEN_LAYER = 0;

  private NetworkFactory() {}

  /** Index of the output layer in a network of {@code model}: its depth L. */
  public static int outputLayer(ModelSpec model) {
    return model.depth();
  }

  /**
   * A new network trained with plain SGD at step size η (θ ← θ − η∇L, no momentum or decay):
   * release 0.1.0's optimiser.
   *
   * @see #build(ModelSpec, int, TrainSpec, InitialParameters)
   */
  public static MultiLayerNetwork build(
      ModelSpec model, int inputDim, double lr, InitialParameters init) {
    return build(model, inputDim, new HeavyBall(lr, 0), 0, init);
  }

  /**
   * A new, initialised network with {@code train}'s optimiser: η and μ schedules, weight decay.
   * (The batch size, label noise and sampling of {@code train} are the training loop's.)
   *
   * @param model    width, depth, activation, biases, frozen output (initScale is already applied
   *                 in {@code init})
   * @param inputDim d ≥ 1
   * @param train    the optimiser settings
   * @param init     the initial weights; width, depth and input dimension must match
   * @return the network, parameters equal to {@code init} rounded to float (biases 0 for a draw)
   */
  public static MultiLayerNetwork build(
      ModelSpec model, int inputDim, TrainSpec train, InitialParameters init) {
    Objects.requireNonNull(train, "train");
    return build(model, inputDim, StepSchedules.heavyBall(train), train.weightDecay(), init);
  }

  private static MultiLayerNetwork build(
      ModelSpec model, int inputDim, HeavyBall updater, double decay, InitialParameters init) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(init, "init");
    int m = model.width();
    if (init.width() != m || init.inputDim() != inputDim || init.depth() != model.depth()) {
      throw new IllegalArgumentException(
          "initial parameters are for width " + init.width() + ", depth " + init.depth()
              + ", input dim " + init.inputDim() + "; the model needs width " + m + ", depth "
              + model.depth() + ", input dim " + inputDim);
    }
    NeuralNetConfiguration.ListBuilder layers =
        new NeuralNetConfiguration.Builder()
            // Nothing is drawn (zero init, overwritten below); a fixed seed keeps DL4J away from
            // its clock-based default all the same.
            .seed(0L)
            .weightInit(WeightInit.ZERO)
            .updater(updater)
            .dataType(DataType.FLOAT)
            .miniBatch(true)
            .list();
    IActivation sigma = dl4jActivation(model.activation());
    for (int l = 0; l < model.depth(); l++) {
      DenseLayer.Builder hidden =
          new DenseLayer.Builder()
              .nIn(NetworkParameters.fanIn(l, inputDim, m))
              .nOut(m)
              .activation(sigma)
              .hasBias(model.bias());
      if (decay > 0) {
        hidden.l2(decay).l2Bias(decay);
      }
      layers.layer(hidden.build());
    }
    OutputLayer.Builder output =
        new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
            .nIn(m)
            .nOut(model.outputDim())
            .activation(new ActivationIdentity())
            .hasBias(model.bias());
    if (!model.trainOutput()) {
      output.updater(new FrozenUpdater());
    } else if (decay > 0) {
      output.l2(decay).l2Bias(decay);
    }
    layers.layer(output.build());
    MultiLayerNetwork net = new MultiLayerNetwork(layers.build());
    net.init();
    setParameters(net, model, init);
    return net;
  }

  /** The DL4J activation computing σ. */
  static IActivation dl4jActivation(Activation activation) {
    return switch (activation) {
      case RELU -> org.nd4j.linalg.activations.Activation.RELU.getActivationFunction();
      case TANH -> org.nd4j.linalg.activations.Activation.TANH.getActivationFunction();
      case LINEAR -> org.nd4j.linalg.activations.Activation.IDENTITY.getActivationFunction();
      case SOFTPLUS -> org.nd4j.linalg.activations.Activation.SOFTPLUS.getActivationFunction();
      case GELU, CUBIC -> new SpecActivation(activation);
    };
  }

  private static void setParameters(MultiLayerNetwork net, ModelSpec model, InitialParameters init) {
    int m = model.width();
    for (int l = 0; l < model.depth(); l++) {
      int fanIn = NetworkParameters.fanIn(l, init.inputDim(), m);
      double[] w = init.layer(l); // m × fan-in, row-major
      float[][] dl4j = new float[fanIn][m];
      for (int j = 0; j < m; j++) {
        for (int k = 0; k < fanIn; k++) {
          dl4j[k][j] = (float) w[j * fanIn + k];
        }
      }
      param(net.getLayer(l), DefaultParamInitializer.WEIGHT_KEY).assign(Nd4j.create(dl4j));
    }
    double[] a = init.outputLayer(); // k × m, row-major
    int k = model.outputDim();
    float[][] output = new float[m][k];
    for (int o = 0; o < k; o++) {
      for (int j = 0; j < m; j++) {
        output[j][o] = (float) a[o * m + j];
      }
    }
    Layer out = net.getLayer(outputLayer(model));
    param(out, DefaultParamInitializer.WEIGHT_KEY).assign(Nd4j.create(output));
    if (model.bias()) { // zeros for a draw, the stored biases for a warm start
      for (int l = 0; l < model.depth(); l++) {
        param(net.getLayer(l), DefaultParamInitializer.BIAS_KEY).assign(floats(init.layerBias(l)));
      }
      param(out, DefaultParamInitializer.BIAS_KEY).assign(floats(init.outputBias()));
    }
  }

  /** A row vector of float values (DL4J's bias layout). */
  private static INDArray floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return Nd4j.create(f);
  }

  /**
   * Reads a DL4J network's current parameters into double precision (the inverse of the
   * initialisation above: DL4J keeps each hidden layer fan-in × m, we keep it m × fan-in), with
   * {@link NetworkParameters#trainOutput()} from the model.
   */
  public static NetworkParameters parameters(
      MultiLayerNetwork net, ModelSpec model, int inputDim) {
    int m = model.width();
    int depth = model.depth();
    double[][] weights = new double[depth][];
    double[][] biases = new double[depth][];
    for (int l = 0; l < depth; l++) {
      int fanIn = NetworkParameters.fanIn(l, inputDim, m);
      double[] dl4j = flat(param(net.getLayer(l), DefaultParamInitializer.WEIGHT_KEY));
      double[] w = new double[m * fanIn];
      for (int k = 0; k < fanIn; k++) {
        for (int j = 0; j < m; j++) {
          w[j * fanIn + k] = dl4j[k * m + j];
        }
      }
      weights[l] = w;
      biases[l] = model.bias()
          ? flat(param(net.getLayer(l), DefaultParamInitializer.BIAS_KEY))
          : new double[m];
    }
    Layer out = net.getLayer(outputLayer(model));
    int k = model.outputDim();
    double[] dl4jA = flat(param(out, DefaultParamInitializer.WEIGHT_KEY)); // m × k
    double[] a = new double[k * m];
    for (int j = 0; j < m; j++) {
      for (int o = 0; o < k; o++) {
        a[o * m + j] = dl4jA[j * k + o];
      }
    }
    double[] c = model.bias()
        ? flat(param(out, DefaultParamInitializer.BIAS_KEY))
        : new double[k];
    return new NetworkParameters(
        inputDim, m, model.activation(), model.bias(), model.trainOutput(), weights, biases, a,
        c);
  }

  /** The elements in C order, in double. */
  private static double[] flat(INDArray p) {
    return p.dup('c').reshape(-1).toDoubleVector();
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
