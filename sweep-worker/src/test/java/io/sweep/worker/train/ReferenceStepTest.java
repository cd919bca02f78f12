package io.sweep.worker.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.Init;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.OutputInit;
import io.sweep.worker.spec.Sampling;
import io.sweep.worker.spec.TrainSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One DL4J step of the reference (any depth, every activation, momentum, decay, frozen output)
 * against {@link HandSgd}'s double-precision step from the same float parameters.
 */
class ReferenceStepTest {

  private static final int D = 3;
  private static final int M = 4;
  /** Float rounding of a step on O(1) parameters: forward, backprop and update in float. */
  private static final double STEP_TOL = 1e-6;

  static Stream<Arguments> depthsAndActivations() {
    List<Arguments> out = new ArrayList<>();
    for (int depth = 1; depth <= 3; depth++) {
      for (Activation a : Activation.values()) {
        out.add(Arguments.of(depth, a));
      }
    }
    return out.stream();
  }

  private static ModelSpec model(int depth, Activation act) {
    // Cubic grows like z³ per layer: a smaller scale keeps three layers of it O(1).
    return new ModelSpec(M, act, act == Activation.CUBIC ? 0.7 : 1.5, true).withDepth(depth);
  }

  private static TrainSpec optimiser(double lr, double mu, double lambda) {
    return new TrainSpec(lr, 3, 0, 10, 10, 1000).withOptimiser(mu, lambda);
  }

  /** The built network with its biases (and c) set to non-zero values, so they are exercised. */
  private static MultiLayerNetwork net(ModelSpec model, TrainSpec train, long seed) {
    MultiLayerNetwork net =
        NetworkFactory.build(model, D, train, InitialParameters.draw(model, D, seed));
    SplittableRandom rng = new SplittableRandom(seed + 1);
    for (int l = 0; l <= model.depth(); l++) {
      INDArray b = net.getLayer(l).getParam("b");
      float[] v = new float[(int) b.length()];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) (0.3 * rng.nextGaussian());
      }
      b.assign(Nd4j.create(v, new long[] {v.length}, DataType.FLOAT));
    }
    return net;
  }

  /** B inputs and targets, float-representable. */
  private static double[][] inputs(int batch, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] xs = new double[batch][D];
    for (double[] x : xs) {
      for (int k = 0; k < D; k++) {
        x[k] = (float) rng.nextGaussian();
      }
    }
    return xs;
  }

  private static double[] targets(int batch, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] ys = new double[batch];
    for (int i = 0; i < batch; i++) {
      ys[i] = (float) rng.nextGaussian();
    }
    return ys;
  }

  /** One DL4J step on B inputs and their targets, row-major B × k (k = ys.length / B). */
  private static void fit(MultiLayerNetwork net, double[][] xs, double[] ys) {
    int outputs = ys.length / xs.length;
    float[][] fx = new float[xs.length][];
    float[][] fy = new float[xs.length][outputs];
    for (int i = 0; i < xs.length; i++) {
      fx[i] = new float[xs[i].length];
      for (int k = 0; k < xs[i].length; k++) {
        fx[i][k] = (float) xs[i][k];
      }
      for (int o = 0; o < outputs; o++) {
        fy[i][o] = (float) ys[i * outputs + o];
      }
    }
    net.fit(Nd4j.create(fx), Nd4j.create(fy));
  }

  /** The largest |DL4J − hand| over all entries, relative to max(1, |hand|). */
  private static double maxDiff(NetworkParameters dl4j, HandSgd hand) {
    double[] a = HandSgd.flatten(dl4j);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - hand.theta[i]) / Math.max(1, Math.abs(hand.theta[i])));
    }
    return max;
  }

  @ParameterizedTest(name = "depth {0}, {1}")
  @MethodSource("depthsAndActivations")
  void handGradientAgreesWithCentralDifferences(int depth, Activation act) {
    NetworkParameters p =
        NetworkFactory.parameters(net(model(depth, act), optimiser(0.1, 0, 0), 5), model(depth, act), D);
    double[][] xs = inputs(3, 6);
    double[] ys = targets(3, 7);
    double[] g = HandSgd.gradient(p, xs, ys);
    double[] fd = HandSgd.numericGradient(p, xs, ys, 1e-6);
    for (int i = 0; i < g.length; i++) {
      assertEquals(fd[i], g[i], 1e-6 * Math.max(1, Math.abs(g[i])), "entry " + i);
    }
  }

  @ParameterizedTest(name = "depth {0}, {1}")
  @MethodSource("depthsAndActivations")
  void firstStepIsTheHandComputedSgdStep(int depth, Activation act) {
    ModelSpec model = model(depth, act);
    MultiLayerNetwork net = net(model, optimiser(0.1, 0, 0), 5);
    HandSgd hand = new HandSgd(NetworkFactory.parameters(net, model, D));
    double[][] xs = inputs(3, 6);
    double[] ys = targets(3, 7);
    double loss = HandSgd.loss(hand.parameters(), xs, ys);

    fit(net, xs, ys);
    hand.step(xs, ys, 0.1, 0, 0);

    assertEquals(loss, net.score(), 1e-5 * Math.max(1, loss), "score");
    double diff = maxDiff(NetworkFactory.parameters(net, model, D), hand);
    System.out.printf("first step, depth %d, %s: max rel diff %.2e%n", depth, act, diff);
    assertTrue(diff <= STEP_TOL, "max difference " + diff);
    // The step is not trivially small: parameters moved by far more than the tolerance.
    double moved = maxDiffFrom(HandSgd.flatten(hand.parameters()),
        HandSgd.flatten(NetworkFactory.parameters(net(model, optimiser(0.1, 0, 0), 5), model, D)));
    assertTrue(moved > 1e3 * STEP_TOL, "moved only " + moved);
  }

  private static double maxDiffFrom(double[] a, double[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("momentumCases")
  void threeMomentumStepsWithDecayAreTheHeavyBallRecursion(Activation act, int depth) {
    ModelSpec model = model(depth, act);
    double lr = 0.05;
    double mu = 0.9;
    double lambda = 0.01;
    MultiLayerNetwork net = net(model, optimiser(lr, mu, lambda), 9);
    HandSgd hand = new HandSgd(NetworkFactory.parameters(net, model, D));
    double worst = 0;
    for (int k = 0; k < 3; k++) {
      double[][] xs = inputs(3, 20 + k);
      double[] ys = targets(3, 30 + k);
      fit(net, xs, ys);
      hand.step(xs, ys, lr, mu, lambda);
      worst = Math.max(worst, maxDiff(NetworkFactory.parameters(net, model, D), hand));
    }
    System.out.printf("momentum, depth %d, %s: max rel diff %.2e%n", depth, act, worst);
    assertTrue(worst <= 3 * STEP_TOL, "max difference " + worst);
    // Momentum mattered: plain SGD from the same start ends elsewhere.
    HandSgd plain = new HandSgd(NetworkFactory.parameters(net(model, optimiser(lr, 0, lambda), 9), model, D));
    for (int k = 0; k < 3; k++) {
      plain.step(inputs(3, 20 + k), targets(3, 30 + k), lr, 0, lambda);
    }
    assertTrue(maxDiffFrom(plain.theta, hand.theta) > 1e3 * STEP_TOL);
  }

  static Stream<Arguments> momentumCases() {
    return Stream.of(
        Arguments.of(Activation.TANH, 1), Arguments.of(Activation.CUBIC, 2),
        Arguments.of(Activation.GELU, 3), Arguments.of(Activation.RELU, 2));
  }

  /**
   * DL4J's l2 adds exactly λθ to the gradient (not 2λθ, not λθ/2), to weights, biases, a and c:
   * from one start, the step with decay minus the step without is −ηλθ₀.
   */
  @Test
  void weightDecayAddsLambdaThetaToEveryTrainedParameter() {
    ModelSpec model = model(2, Activation.TANH);
    double lr = 0.1;
    double lambda = 0.5;
    MultiLayerNetwork decayed = net(model, optimiser(lr, 0, lambda), 3);
    MultiLayerNetwork plain = net(model, optimiser(lr, 0, 0), 3);
    double[] start = HandSgd.flatten(NetworkFactory.parameters(plain, model, D));
    double[][] xs = inputs(3, 4);
    double[] ys = targets(3, 5);
    fit(decayed, xs, ys);
    fit(plain, xs, ys);
    double[] withDecay = HandSgd.flatten(NetworkFactory.parameters(decayed, model, D));
    double[] without = HandSgd.flatten(NetworkFactory.parameters(plain, model, D));
    double worst = 0;
    for (int i = 0; i < start.length; i++) {
      assertTrue(start[i] != 0, "every entry starts non-zero, so its decay shows");
      double expected = -lr * lambda * start[i];
      assertEquals(expected, withDecay[i] - without[i], 1e-6, "entry " + i);
      worst = Math.max(worst, Math.abs(withDecay[i] - without[i] - expected));
    }
    System.out.printf("decay: max abs diff %.2e%n", worst);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("frozenCases")
  void frozenOutputStaysBitwiseAtItsInitWhileHiddenLayersTrain(OutputInit outputInit, int depth) {
    ModelSpec model = new ModelSpec(M, Activation.TANH, 1.5, true)
        .withDepth(depth).withInit(Init.LECUN, outputInit).withTrainOutput(false);
    double lr = 0.1;
    double mu = 0.9;
    double lambda = 0.1;
    MultiLayerNetwork net = net(model, optimiser(lr, mu, lambda), 12);
    NetworkParameters start = NetworkFactory.parameters(net, model, D);
    assertTrue(!start.trainOutput());
    HandSgd hand = new HandSgd(start);
    double worst = 0;
    for (int k = 0; k < 5; k++) {
      double[][] xs = inputs(3, 40 + k);
      double[] ys = targets(3, 50 + k);
      fit(net, xs, ys);
      hand.step(xs, ys, lr, mu, lambda);
      NetworkParameters now = NetworkFactory.parameters(net, model, D);
      worst = Math.max(worst, maxDiff(now, hand));
      for (int j = 0; j < M; j++) {
        assertEquals(Double.doubleToRawLongBits(start.a()[j]),
            Double.doubleToRawLongBits(now.a()[j]), "a" + j + " after step " + (k + 1));
      }
      assertEquals(Double.doubleToRawLongBits(start.c()), Double.doubleToRawLongBits(now.c()));
    }
    System.out.printf("frozen %s depth %d: max rel diff %.2e%n", outputInit.label(), depth, worst);
    assertTrue(worst <= 5 * STEP_TOL, "hidden layers follow the hand steps: " + worst);
    double[] after = HandSgd.flatten(NetworkFactory.parameters(net, model, D));
    assertTrue(maxDiffFrom(after, HandSgd.flatten(start)) > 1e-3, "the hidden layers moved");
  }

  static Stream<Arguments> frozenCases() {
    return Stream.of(
        Arguments.of(OutputInit.RANDOM, 1), Arguments.of(OutputInit.ONES, 2),
        Arguments.of(OutputInit.ONES_OVER_WIDTH, 3));
  }

  @Test
  void balancedInitGivesOutputWeightsOfTheLastLayersIncomingNorms() {
    for (int depth = 1; depth <= 3; depth++) {
      ModelSpec model = new ModelSpec(6, Activation.RELU, 1.0, false)
          .withDepth(depth).withInit(Init.BALANCED, OutputInit.RANDOM);
      NetworkParameters p = NetworkFactory.parameters(
          NetworkFactory.build(model, D, 0.1, InitialParameters.draw(model, D, 8)), model, D);
      double[] last = p.weights()[depth - 1];
      int fan = p.fanIn(depth - 1);
      int positive = 0;
      for (int j = 0; j < 6; j++) {
        double ss = 0;
        for (int k = 0; k < fan; k++) {
          ss += last[j * fan + k] * last[j * fan + k];
        }
        assertEquals(Math.sqrt(ss), Math.abs(p.a()[j]), 1e-6 * Math.sqrt(ss), "neuron " + j);
        positive += p.a()[j] > 0 ? 1 : 0;
      }
      assertTrue(positive > 0 && positive < 6 || depth != 1, "both signs occur");
    }
  }

  @Test
  void depthAndWidthShapeTheDl4jNetwork() {
    ModelSpec model = new ModelSpec(5, Activation.SOFTPLUS, 1.0, true).withDepth(3);
    MultiLayerNetwork net =
        NetworkFactory.build(model, 2, 0.1, InitialParameters.draw(model, 2, 1));
    assertEquals(4, net.getnLayers());
    assertEquals(3, NetworkFactory.outputLayer(model));
    assertEquals((2 * 5 + 5) + 2 * (5 * 5 + 5) + (5 + 1), net.numParams());
    assertEquals(
        HandSgd.flatten(NetworkFactory.parameters(net, model, 2)).length, net.numParams());
  }

  /**
   * The configuration with custom activation, updater and schedules survives DL4J's JSON round
   * trip (DL4J serialises configurations when it saves or clones networks).
   */
  @Test
  void configurationRoundTripsThroughJson() {
    ModelSpec model = model(2, Activation.GELU).withTrainOutput(false);
    TrainSpec train = optimiser(0.1, 0.9, 0.01).withSchedule(Sampling.WITH_REPLACEMENT,
        List.of(new io.sweep.worker.spec.Phase(4, 0.01, null, null, 0.5)));
    MultiLayerNetwork net = NetworkFactory.build(model, D, train, InitialParameters.draw(model, D, 2));
    MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
    assertEquals(conf, back);
    MultiLayerNetwork copy = net.clone();
    assertEquals(net.params(), copy.params());
  }

  // ---------------------------------------------------------------------------------------------
  // Several outputs (k = 3): DL4J's MSE is the mean over all B·k entries, score and gradient.

  private static final int K = 3;

  static Stream<Arguments> multiOutputCases() {
    return Stream.of(
        Arguments.of(1, Activation.TANH), Arguments.of(1, Activation.RELU),
        Arguments.of(2, Activation.GELU), Arguments.of(2, Activation.SOFTPLUS));
  }

  @ParameterizedTest(name = "depth {0}, {1}")
  @MethodSource("multiOutputCases")
  void withThreeOutputsTheFirstStepIsTheHandComputedStepOnTheMeanOverAllEntries(
      int depth, Activation act) {
    ModelSpec model = model(depth, act).withOutputDim(K);
    MultiLayerNetwork net = net(model, optimiser(0.1, 0, 0), 5);
    NetworkParameters start = NetworkFactory.parameters(net, model, D);
    assertEquals(K, start.outputDim());
    HandSgd hand = new HandSgd(start);
    double[][] xs = inputs(3, 6);
    double[] ys = targets(3 * K, 7);
    // The network's float outputs are the hand network's: A and c read back in the right order.
    INDArray out = net.output(Nd4j.create(new float[][] {
        {(float) xs[0][0], (float) xs[0][1], (float) xs[0][2]}}));
    double[] f = start.outputs(xs[0], 0);
    for (int o = 0; o < K; o++) {
      assertEquals(f[o], out.getDouble(0, o), 1e-5, "output " + o);
    }
    double loss = HandSgd.loss(start, xs, ys);

    fit(net, xs, ys);
    hand.step(xs, ys, 0.1, 0, 0);

    assertEquals(loss, net.score(), 1e-5 * Math.max(1, loss), "score is the mean over B·k");
    double diff = maxDiff(NetworkFactory.parameters(net, model, D), hand);
    System.out.printf("first step k=%d, depth %d, %s: max rel diff %.2e%n", K, depth, act, diff);
    assertTrue(diff <= STEP_TOL, "max difference " + diff);
    double moved = maxDiffFrom(HandSgd.flatten(hand.parameters()), HandSgd.flatten(start));
    assertTrue(moved > 1e3 * STEP_TOL, "moved only " + moved);
  }

  @Test
  void withThreeOutputsHandGradientAgreesWithCentralDifferences() {
    ModelSpec model = model(2, Activation.TANH).withOutputDim(K);
    NetworkParameters p = NetworkFactory.parameters(net(model, optimiser(0.1, 0, 0), 5), model, D);
    double[][] xs = inputs(3, 6);
    double[] ys = targets(3 * K, 7);
    double[] g = HandSgd.gradient(p, xs, ys);
    double[] fd = HandSgd.numericGradient(p, xs, ys, 1e-6);
    for (int i = 0; i < g.length; i++) {
      assertEquals(fd[i], g[i], 1e-6 * Math.max(1, Math.abs(g[i])), "entry " + i);
    }
  }

  @Test
  void withThreeOutputsMomentumDecayAndAFrozenOutputFollowTheHandSteps() {
    for (boolean trainOutput : new boolean[] {true, false}) {
      ModelSpec model = model(2, Activation.TANH).withOutputDim(K).withTrainOutput(trainOutput);
      MultiLayerNetwork net = net(model, optimiser(0.05, 0.9, 0.01), 9);
      NetworkParameters start = NetworkFactory.parameters(net, model, D);
      HandSgd hand = new HandSgd(start);
      double worst = 0;
      for (int k = 0; k < 3; k++) {
        double[][] xs = inputs(3, 20 + k);
        double[] ys = targets(3 * K, 30 + k);
        fit(net, xs, ys);
        hand.step(xs, ys, 0.05, 0.9, 0.01);
        worst = Math.max(worst, maxDiff(NetworkFactory.parameters(net, model, D), hand));
      }
      System.out.printf("momentum k=%d, trainOutput %b: max rel diff %.2e%n", K, trainOutput,
          worst);
      assertTrue(worst <= 3 * STEP_TOL, "max difference " + worst);
      NetworkParameters now = NetworkFactory.parameters(net, model, D);
      if (!trainOutput) {
        for (int i = 0; i < K * M; i++) {
          assertEquals(Double.doubleToRawLongBits(start.a()[i]),
              Double.doubleToRawLongBits(now.a()[i]), "A" + i);
        }
        for (int o = 0; o < K; o++) {
          assertEquals(Double.doubleToRawLongBits(start.c(o)), Double.doubleToRawLongBits(now.c(o)));
        }
      }
    }
  }
}
