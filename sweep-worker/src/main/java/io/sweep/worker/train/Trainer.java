package io.sweep.worker.train;

import io.sweep.worker.data.Samples;
import io.sweep.worker.data.Seeds;
import io.sweep.worker.data.DataSet;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.RunStatus;
import io.sweep.worker.spec.StepSettings;
import io.sweep.worker.spec.TrainSpec;
import java.util.Objects;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference trainer: minibatch SGD with heavy-ball momentum, weight decay, a schedule of
 * phases and fresh label noise, one DL4J {@code fit} per step, at any depth. The slow, obvious
 * oracle the fast paths are tested against.
 *
 * <p>Algorithm, for a run with seed s and the {@link io.sweep.worker.spec.StepSettings} (η, B,
 * σ, μ) in force at step k ({@link TrainSpec#at(long)}), λ = weight decay:
 *
 * <ol>
 *   <li>Build the network and its optimiser ({@link NetworkFactory}) with {@link
 *       InitialParameters} of stream {@code "init"} (or the run's warm start, {@link InitialParameters#of}); L₀ = training loss (1/(n·k)) Σᵢ Σₒ (fₒ(xᵢ) −
 *       yᵢₒ)² over all n samples and k outputs (k = 1: (1/n) Σᵢ (f(xᵢ) − yᵢ)²), on the data set's
 *       labels. A non-finite L₀ is divergence at step 0.
 *   <li>For step k = 1 … steps: take the next B indices from one {@link MinibatchSampler} (stream
 *       {@code "batches"}, the spec's sampling rule, its base batch size as default); draw B·k
 *       Gaussians ξ from stream {@code "label-noise"}, sample by sample and within a sample output
 *       by output (always, even for σ = 0, so the stream stays aligned across σ); targets ỹᵢₒ =
 *       yᵢₒ + σξᵢₒ; one {@code net.fit(x, ỹ)}, i.e. g = ∇L + λθ with L = (1/(B·k)) Σᵢ Σₒ (fₒ(xᵢ)
 *       − ỹᵢₒ)² (DL4J's {@code LossMSE} divides its L2 score and gradient by the label width k,
 *       and {@code miniBatch(true)} by B; see the package documentation), v ← μv + g, θ ← θ − ηv over the trained parameters (a frozen output layer keeps
 *       a and c). A phase at {@code at} switches η, B, σ, μ from step at + 1 on; v carries over.
 *   <li>After each step: DL4J's {@code score()} (the minibatch loss at the parameters before the
 *       update, plus ½λ‖θ‖² with decay) must be finite, else the run diverged ({@code non-finite
 *       minibatch loss (NaN) at step k}).
 *   <li>Every {@code logEvery} steps and after the last: the full training loss L; if L is
 *       non-finite or L &gt; divergenceFactor × L₀ the run diverged ({@code training loss 3.2e+05
 *       exceeded 1000 × initial loss 1.02 at step 400}). Training stops at divergence.
 *   <li>Finally the test loss, the mean squared error on the test set.
 * </ol>
 *
 * <p>With μ = λ = 0, no phases and sampling without replacement this is release 0.1.0's trainer,
 * bit for bit. Deterministic: the same spec and data give bitwise the same losses and parameters
 * (on the same ND4J backend). Stateless and thread-safe; every call builds its own network.
 */
public final class Trainer {

  /** A trainer; it holds no state, one instance may serve any number of threads. */
  public Trainer() {}

  /**
   * Trains the network of {@code spec} on {@code data}.
   *
   * @param spec the run; its model, train settings and seed are used
   * @param data the data set, normally {@code DataModel.dataSet(spec.data(), spec.seed())}
   * @return ok or diverged, with the losses and the trained network
   * @throws IllegalArgumentException when the data do not match the spec's input dimension or
   *                                  sample count
   */
  public TrainingOutcome train(RunSpec spec, DataSet data) {
    return train(spec, data, TrainingObserver.NONE);
  }

  /**
   * Trains as {@link #train(RunSpec, DataSet)}, showing the state to {@code observer} at
   * step 0, every {@code logEvery} steps and at the last step (not at a step where the run
   * diverged).
   */
  public TrainingOutcome train(RunSpec spec, DataSet data, TrainingObserver observer) {
    return train(spec, data, observer, StepReporter.NONE);
  }

  /**
   * Trains as {@link #train(RunSpec, DataSet, TrainingObserver)}, handing the steps taken to
   * {@code progress} as training advances ({@link StepReporter}: every {@value
   * StepReporter#EVERY} steps, and the rest of the planned steps when training ends).
   */
  public TrainingOutcome train(
      RunSpec spec, DataSet data, TrainingObserver observer, java.util.function.LongConsumer progress) {
    Objects.requireNonNull(spec, "spec");
    StepReporter reporter = new StepReporter(progress, 1);
    TrainingOutcome outcome = train(spec, data, observer, reporter);
    reporter.finish(spec.train().steps());
    return outcome;
  }

  private TrainingOutcome train(
      RunSpec spec, DataSet data, TrainingObserver observer, StepReporter progress) {
    Objects.requireNonNull(observer, "observer");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(data, "data");
    Samples train = data.train();
    Samples test = data.test();
    int d = spec.data().inputDim();
    if (train.d() != d || test.d() != d || train.n() != spec.data().samples()) {
      throw new IllegalArgumentException(
          "data set has " + train.n() + " samples of dimension " + train.d()
              + ", the spec asks for " + spec.data().samples() + " of dimension " + d);
    }
    int outputs = spec.model().outputDim();
    if (train.k() != outputs || test.k() != outputs) {
      throw new IllegalArgumentException(
          "data set has " + train.k() + " labels per sample, the model " + outputs + " outputs");
    }
    TrainSpec t = spec.train();
    long seed = spec.seed();

    MultiLayerNetwork net =
        NetworkFactory.build(spec.model(), d, t, InitialParameters.of(spec));
    INDArray trainX = features(train);
    double initial = meanSquaredError(net, trainX, train.y());
    if (!Double.isFinite(initial)) {
      return diverged(
          DivergenceMessages.nonFiniteTrainingLoss(initial, 0), 0, initial, initial,
          test, net, spec);
    }

    observer.observe(0, initial, () -> NetworkFactory.parameters(net, spec.model(), d));

    MinibatchSampler sampler = new MinibatchSampler(train.n(), t.batchSize(), t.sampling(), seed);
    SplittableRandom labelNoise = new SplittableRandom(Seeds.derive(seed, Seeds.LABEL_NOISE));
    double[] x = train.x();
    double[] y = train.y();
    int[] indices = new int[t.maxBatchSize()];
    Stretch[] stretches = Stretch.of(t, d, outputs);
    int s = 0;
    double loss = initial;

    for (long step = 1; step <= t.steps(); step++) {
      if (step > stretches[s].last) {
        s++;
      }
      Stretch stretch = stretches[s];
      int batch = stretch.batchSize;
      double sigma = stretch.labelNoise;
      sampler.next(indices, batch);
      for (int r = 0; r < batch; r++) {
        int i = indices[r];
        for (int k = 0; k < d; k++) {
          stretch.batchX[r * d + k] = (float) x[i * d + k];
        }
        for (int o = 0; o < outputs; o++) {
          stretch.batchY[r * outputs + o] =
              (float) (y[i * outputs + o] + sigma * labelNoise.nextGaussian());
        }
      }
      stretch.features.data().setData(stretch.batchX);
      stretch.labels.data().setData(stretch.batchY);
      net.fit(stretch.features, stretch.labels);
      progress.at(step);

      double batchLoss = net.score();
      if (!Double.isFinite(batchLoss)) {
        return diverged(
            DivergenceMessages.nonFiniteMinibatchLoss(batchLoss, step), step, initial,
            meanSquaredError(net, trainX, y), test, net, spec);
      }
      if (step % t.logEvery() == 0 || step == t.steps()) {
        loss = meanSquaredError(net, trainX, y);
        if (!Double.isFinite(loss)) {
          return diverged(
              DivergenceMessages.nonFiniteTrainingLoss(loss, step), step, initial, loss,
              test, net, spec);
        }
        if (loss > t.divergenceFactor() * initial) {
          return diverged(
              DivergenceMessages.exceeded(loss, t.divergenceFactor(), initial, step),
              step, initial, loss, test, net, spec);
        }
        observer.observe(step, loss, () -> NetworkFactory.parameters(net, spec.model(), d));
      }
    }
    return new TrainingOutcome(
        RunStatus.OK, null, t.steps(), initial, loss, meanSquaredError(net, test), net,
        NetworkFactory.parameters(net, spec.model(), d));
  }

  /**
   * The mean squared error (1/(n·k)) Σᵢ Σₒ (fₒ(xᵢ) − yᵢₒ)² of {@code net} on {@code samples}
   * (the mean over all n·k entries), in double precision from the network's float outputs. No
   * label noise.
   */
  public static double meanSquaredError(MultiLayerNetwork net, Samples samples) {
    return meanSquaredError(net, features(samples), samples.y());
  }

  /** The inputs as an n × d float matrix. */
  static INDArray features(Samples samples) {
    double[] x = samples.x();
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return Nd4j.create(f, new long[] {samples.n(), samples.d()}, 'c');
  }

  private static double meanSquaredError(MultiLayerNetwork net, INDArray x, double[] y) {
    INDArray output = net.output(x);
    // n × k in C order, so entry i·k + o lines up with y.
    double[] out = output.columns() == 1
        ? output.toDoubleVector()
        : output.dup('c').reshape(-1).toDoubleVector();
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      double e = out[i] - y[i];
      sum += e * e;
    }
    return sum / y.length;
  }

  private static TrainingOutcome diverged(
      String error, long step, double initial, double loss, Samples test,
      MultiLayerNetwork net, RunSpec spec) {
    return new TrainingOutcome(
        RunStatus.DIVERGED, error, step, initial, loss, meanSquaredError(net, test), net,
        NetworkFactory.parameters(net, spec.model(), spec.data().inputDim()));
  }

  /**
   * One stretch of the schedule: its last step, B and σ, and the buffers of its batch size (one
   * pair of native arrays per stretch, refilled every step: no off-heap churn). η and μ change
   * inside the updater ({@link StepSchedules}).
   */
  private static final class Stretch {
    final long last;
    final int batchSize;
    final double labelNoise;
    final float[] batchX;
    final float[] batchY;
    final INDArray features;
    final INDArray labels;

    private Stretch(long last, StepSettings settings, int d, int k) {
      this.last = last;
      this.batchSize = settings.batchSize();
      this.labelNoise = settings.labelNoise();
      this.batchX = new float[batchSize * d];
      this.batchY = new float[batchSize * k];
      this.features = Nd4j.create(DataType.FLOAT, new long[] {batchSize, d}, 'c');
      this.labels = Nd4j.create(DataType.FLOAT, new long[] {batchSize, k}, 'c');
    }

    /** The stretches of {@code t}: stretch i runs to the step before phase i + 1 starts. */
    static Stretch[] of(TrainSpec t, int d, int k) {
      java.util.List<StepSettings> settings = t.stretches();
      Stretch[] out = new Stretch[settings.size()];
      for (int i = 0; i < out.length; i++) {
        long last = i < t.schedule().size() ? t.schedule().get(i).at() : t.steps();
        out[i] = new Stretch(last, settings.get(i), d, k);
      }
      return out;
    }
  }
}
