package io.sweep.worker.diagnose;

import io.sweep.worker.data.Samples;
import io.sweep.worker.data.DataSet;
import io.sweep.worker.data.TeacherStudent;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.TrainSpec;
import java.util.List;
import java.util.Objects;

/**
 * Every end-of-run diagnostic of SCIENCE.md ("Metric definitions") for one trained network, in
 * double precision:
 *
 * <ul>
 *   <li>{@link CollapseCounts} with τᵥ, τᵣ: of the whole network ({@link CollapseCounts#of}) and
 *       of each hidden layer;
 *   <li>{@link RankMetrics} of W¹, and of each hidden layer's Wˡ;
 *   <li>{@link HessianSummary} of the training loss {@link #loss} ({@link TwoLayerMse} at depth 1
 *       with a trained output and one output, {@link NetworkMse} otherwise; on the full training set,
 *       its own labels, no label noise: exactly what the optimiser differentiates), exact when P ≤
 *       {@link DiagnosticsSpec#exactHessianMaxParams()}, else estimated with {@link
 *       DiagnosticsSpec#hessianProbes()} probes and streams {@code "lanczos"}, {@code
 *       "hutchinson"} of the run seed;
 *   <li>stability_ratio = η·λmax/2 and frobenius_bound_ratio = η·‖H‖F/√B (SCIENCE.md, section 3);
 *   <li>interpolated: trainLoss ≤ τᵢ · {@link Samples#labelVariance()} of the training set (with
 *       labels of zero variance, only a zero loss interpolates);
 *   <li>ols_distance to the {@link LeastSquares} fit of the training set, on the test inputs
 *       (with k outputs: one fit per output, the distance averaged over the outputs).
 * </ul>
 *
 * <p>Losses with k outputs are means over all n·k entries (the trainer's loss); collapse counts
 * take a last-layer neuron's outgoing weights as its column of A (k values).
 *
 * <p>Never throws for a bad network: non-finite parameters give the undefined result described in
 * {@link DiagnosticsResult}; a finite network whose loss overflows gets NaN Hessian numbers.
 * Shape mismatches between network and data are bugs and throw {@link IllegalArgumentException}.
 *
 * <p>Stateless and thread-safe; deterministic in its arguments.
 */
public final class Diagnostics {

  private Diagnostics() {}

  /**
   * The diagnostics of {@code p} on a teacher-student data set.
   *
   * @param p         the trained network
   * @param data      its data set: the training set for the Hessian, interpolation and the
   *                  least-squares fit; the test set for ols_distance
   * @param spec      tolerances and Hessian settings
   * @param lr        the run's step size η
   * @param batchSize the run's batch size B ≥ 1
   * @param trainLoss the final training loss as the trainer reported it
   * @param seed      the run's seed (random streams of the Hessian estimators)
   */
  public static DiagnosticsResult compute(
      NetworkParameters p, DataSet data, DiagnosticsSpec spec, double lr, int batchSize,
      double trainLoss, long seed) {
    Objects.requireNonNull(data, "data");
    // excess risk needs the noiseless teacher: only teacher-student data have one
    return compute(p, data.train(), data.test(), spec, lr, batchSize, trainLoss, seed,
        data instanceof TeacherStudent ts ? ts : null, Methods.ORACLE);
  }

  /**
   * The diagnostics of a finished run, with every {@link TheoryMetrics} column: as {@link
   * #compute(NetworkParameters, DataSet, DiagnosticsSpec, double, int, double, long)} plus
   * converged, max_loss_ratio (from the logged training losses) and frobenius_bound_ratio_eff
   * (from the batch rule), and the {@link CurvatureMetrics} (μ, ρ(T), the Wu bound ratio at the
   * last stretch's η and B; Gatmiry's trace ratio).
   *
   * @param train      the run's optimiser settings (η, B, sampling)
   * @param losses     the logged training losses in step order (the trajectory's)
   */
  public static DiagnosticsResult compute(NetworkParameters p, DataSet data,
      DiagnosticsSpec spec, TrainSpec train, double trainLoss, long seed, List<Double> losses) {
    return compute(p, data, spec, train, trainLoss, seed, losses, Methods.ORACLE);
  }

  /**
   * The costly parts of the diagnostics that a pack of runs computes its own way (issue 17):
   * {@link #ORACLE} computes them one run and one Hessian-vector product at a time; {@link
   * PackDiagnostics} gives the same numbers with the products in blocks and the least-squares fit
   * once per data set.
   */
  public interface Methods {
    /** The Hessian summary, as {@link HessianEstimates#summarise}. */
    HessianSummary hessian(TwiceDifferentiable f, int exactMaxParams, int probes, long seed);

    /** The least-squares fit of a training set, as {@link LeastSquares#fit}. */
    LeastSquares fit(Samples train);

    /** The training loss of {@code p}, as {@link Diagnostics#loss} (the same numbers). */
    default TwiceDifferentiable loss(NetworkParameters p, Samples train) {
      return Diagnostics.loss(p, train);
    }

    /** Every part computed afresh for each run, one product at a time: the reference. */
    Methods ORACLE = new Methods() {
      @Override
      public HessianSummary hessian(
          TwiceDifferentiable f, int exactMaxParams, int probes, long seed) {
        return HessianEstimates.summarise(f, exactMaxParams, probes, seed);
      }

      @Override
      public LeastSquares fit(Samples train) {
        return LeastSquares.fit(train);
      }
    };
  }

  /**
   * As {@link #compute(NetworkParameters, DataSet, DiagnosticsSpec, TrainSpec, double, long,
   * List)}, the Hessian summary and the least-squares fit by {@code methods} (the pack path passes
   * {@link PackDiagnostics}).
   */
  public static DiagnosticsResult compute(NetworkParameters p, DataSet data,
      DiagnosticsSpec spec, TrainSpec train, double trainLoss, long seed, List<Double> losses,
      Methods methods) {
    Objects.requireNonNull(data, "data");
    DiagnosticsResult d = compute(p, data.train(), data.test(), spec, train.lr(),
        train.batchSize(), trainLoss, seed, data instanceof TeacherStudent ts ? ts : null,
        methods);
    if (!finite(p)) {
      return d;
    }
    return d.withTheory(d.theory().withRun(losses, spec, train.lr(), train.batchSize(),
        data.train().n(), train.sampling(), d.hessianFrobenius()))
        .withCurvature(CurvatureMetrics.of(p, data.train(), train, spec.stabilityMaxParams()));
  }

  /** As {@link #compute(NetworkParameters, DataSet, DiagnosticsSpec, double, int, double,
   * long)}, for any pair of training and test sets. */
  public static DiagnosticsResult compute(
      NetworkParameters p, Samples train, Samples test, DiagnosticsSpec spec, double lr,
      int batchSize, double trainLoss, long seed) {
    return compute(p, train, test, spec, lr, batchSize, trainLoss, seed, null, Methods.ORACLE);
  }

  private static DiagnosticsResult compute(
      NetworkParameters p, Samples train, Samples test, DiagnosticsSpec spec, double lr,
      int batchSize, double trainLoss, long seed, TeacherStudent teacher, Methods methods) {
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(spec, "spec");
    if (train.d() != p.inputDim() || test.d() != p.inputDim()) {
      throw new IllegalArgumentException(
          "network has input dimension " + p.inputDim() + ", training set " + train.d()
              + ", test set " + test.d());
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    checkOutputs(p, train);
    checkOutputs(p, test);
    boolean interpolated = trainLoss <= spec.interpolationTolerance() * train.labelVariance();
    if (!finite(p)) {
      return new DiagnosticsResult(
          null, null, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, Double.NaN, Double.NaN, Double.NaN, HessianSummary.NONE, Double.NaN,
          Double.NaN, interpolated, Double.NaN, null, null, null, null, null,
          TheoryMetrics.UNDEFINED, CurvatureMetrics.UNDEFINED);
    }
    List<CollapseCounts> layers =
        CollapseCounts.perLayer(p, spec.vanishTolerance(), spec.redundancyTolerance());
    CollapseCounts collapse = CollapseCounts.total(layers, p.width());
    List<RankMetrics> ranks = RankMetrics.perLayer(p);
    RankMetrics rank = ranks.get(0);
    TwiceDifferentiable loss = methods.loss(p, train); // serves the Hessian and grad_norm
    HessianSummary h =
        methods.hessian(loss, spec.exactHessianMaxParams(), spec.hessianProbes(), seed);
    double[] testOutputs = Evaluation.outputs(p, test.x(), test.n()); // once for both metrics
    double ols = LeastSquares.olsDistance(testOutputs, test, methods.fit(train));
    return new DiagnosticsResult(
        collapse.vanished(),
        collapse.redundant(),
        collapse.independent(),
        collapse.collapseFraction(),
        rank.stableRank(),
        rank.effectiveRank(),
        rank.topSingularFraction(),
        h.maxEigenvalue(),
        h.trace(),
        h.traceStdError(),
        h.frobenius(),
        h.frobeniusStdError(),
        h.method(),
        lr * h.maxEigenvalue() / 2,
        lr * h.frobenius() / Math.sqrt(batchSize),
        interpolated,
        ols,
        layers.stream().map(CollapseCounts::vanished).toList(),
        layers.stream().map(CollapseCounts::independent).toList(),
        layers.stream().map(CollapseCounts::collapseFraction).toList(),
        ranks.stream().map(RankMetrics::stableRank).toList(),
        ranks.stream().map(RankMetrics::effectiveRank).toList(),
        TheoryMetrics.of(p, train, test, teacher, loss, testOutputs),
        CurvatureMetrics.UNDEFINED); // the run's optimiser adds them (compute with a TrainSpec)
  }

  /**
   * The training loss of {@code p} on {@code train} as a {@link TwiceDifferentiable}: {@link
   * TwoLayerMse} for one hidden layer with a trained output and one output (the fast path,
   * release 0.1.0's numbers), {@link NetworkMse} for every other network.
   */
  public static TwiceDifferentiable loss(NetworkParameters p, Samples train) {
    return loss(p, train, double[]::new);
  }

  /** {@link #loss(NetworkParameters, Samples)}, a two-layer loss's Jacobian built in {@code jacobianStorage}. */
  static TwiceDifferentiable loss(NetworkParameters p, Samples train,
      java.util.function.IntFunction<double[]> jacobianStorage) {
    return p.depth() == 1 && p.trainOutput() && p.outputDim() == 1
        ? new TwoLayerMse(p, train, jacobianStorage)
        : new NetworkMse(p, train);
  }

  /**
   * The mean squared error (1/(n·k)) Σᵢ Σₒ (fₒ(xᵢ) − yᵢₒ)² of {@code p} on {@code samples} (the
   * mean over all n·k entries), in double.
   */
  public static double meanSquaredError(NetworkParameters p, Samples samples) {
    checkOutputs(p, samples);
    int k = samples.k();
    double sum = 0;
    for (int i = 0; i < samples.n(); i++) {
      double[] f = p.outputs(samples.x(), i * samples.d());
      for (int o = 0; o < k; o++) {
        double e = f[o] - samples.y()[i * k + o];
        sum += e * e;
      }
    }
    return sum / ((double) samples.n() * k);
  }

  /** Shape check: the network has as many outputs as the samples have labels. */
  static void checkOutputs(NetworkParameters p, Samples samples) {
    if (samples.k() != p.outputDim()) {
      throw new IllegalArgumentException(
          "network has " + p.outputDim() + " outputs, the data " + samples.k() + " labels per sample");
    }
  }

  /**
   * Whether every parameter of {@code p} (every layer's W and b, A, c; frozen ones too) is finite.
   */
  public static boolean finite(NetworkParameters p) {
    for (int l = 0; l < p.depth(); l++) {
      if (!finite(p.weights()[l]) || !finite(p.biases()[l])) {
        return false;
      }
    }
    return finite(p.a()) && finite(p.outputBias());
  }

  private static boolean finite(double[] array) {
    for (double v : array) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
