package io.sweep.worker.pack;

import io.sweep.worker.data.Samples;
import io.sweep.worker.data.Seeds;
import io.sweep.worker.data.DataModel;
import io.sweep.worker.data.DataSet;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.RunStatus;
import io.sweep.worker.spec.TrainSpec;
import io.sweep.worker.train.DivergenceMessages;
import io.sweep.worker.train.InitialParameters;
import io.sweep.worker.train.MinibatchSampler;
import io.sweep.worker.train.StepReporter;
import io.sweep.worker.train.TrainingObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains every run of a {@link Pack} at once, each replica with exactly the algorithm of the
 * reference {@link io.sweep.worker.train.Trainer}: the same {@link InitialParameters} (stream
 * {@code "init"}), the same {@link MinibatchSampler} sequence (stream {@code "batches"}), B label
 * noise draws ξ per step from stream {@code "label-noise"} (B·k with k outputs, sample by sample,
 * output by output) with ỹᵢ = yᵢ + σξᵢ computed in double and rounded to float, the {@link
 * TrainSpec} optimiser (g = ∇L + λθ with L = (1/(B·k)) Σᵢ Σₒ (fₒ(xᵢ) − ỹᵢₒ)², the mean over the
 * B·k entries as DL4J's MSE, v ← μv + g, θ ← θ − ηv; η, B, σ, μ of the stretch in force, switched from step at + 1 of
 * each phase on, velocities kept) in float32, the same divergence rules, messages and {@link
 * TrainingObserver} calls.
 *
 * <p>What differs from the reference is only the order of floating-point operations (one wide
 * product instead of DL4J's per-network products), so each replica's trajectory equals its
 * reference trajectory to float32 rounding, amplified by the dynamics (see the package
 * documentation for the tolerance the tests hold it to).
 *
 * <p><b>Divergence.</b> Every step the sum of all replicas' squared residuals is checked for
 * finiteness (one BLAS dot product); only when it is not finite are the replicas' minibatch losses
 * computed one by one (in float, like DL4J's score), and those that are not finite diverge with
 * the reference message. Every {@code logEvery} steps and at the last, the full training loss of
 * every replica is checked against its own divergence factor. A replica that diverges is recorded
 * with its parameters and losses at that step, then frozen: its parameters are set to 0 and its
 * step size to 0, so no NaN or overflow reaches the other replicas, which go on unchanged.
 * Training stops early when every replica has diverged.
 *
 * <p>Two paths ({@link PackBackend}): the native-CPU one ({@link PackTensors}: products straight to
 * the OpenBLAS of ND4J's CPU backend) and the backend-neutral one ({@link Nd4jPackTensors}: ND4J
 * ops only, any backend, CUDA included), the same algorithm and host layouts. Stateless
 * apart from the optional profile; each call allocates its own tensors, so one trainer without a
 * profile may serve several threads.
 */
public final class PackTrainer {

  private final StepProfile profile;
  /** Which tensors train the packs ({@code engine.pack-backend}), resolved per call. */
  private final PackBackend backend;

  /** A trainer without profiling, on the backend's default path ({@link PackBackend#AUTO}). */
  public PackTrainer() {
    this(null, PackBackend.AUTO);
  }

  /** A trainer without profiling on the given path ({@code engine.pack-backend}). */
  public PackTrainer(PackBackend backend) {
    this(null, backend);
  }

  /**
   * A trainer that adds the time of each phase to {@code profile} (for the benchmark; not
   * thread-safe then).
   *
   * @param profile the profile to add to, or null for none
   */
  public PackTrainer(StepProfile profile) {
    this(profile, PackBackend.AUTO);
  }

  /** A trainer with a profile (or null) on the given path. */
  public PackTrainer(StepProfile profile, PackBackend backend) {
    this.profile = profile;
    this.backend = Objects.requireNonNull(backend, "backend");
  }

  /**
   * Why this trainer cannot train {@code pack}, or empty when it can; when it cannot, the runner
   * trains its runs with the reference {@link io.sweep.worker.train.Trainer} instead (the trainer
   * choice) and records the reason in the {@code trainer} column. A model or optimiser the packs
   * do not implement yet belongs here, so that it runs, slowly but correctly, before it runs fast.
   * Today only a backend other than ND4J's CPU backend is refused: every model and optimiser of
   * the spec is trained by packs.
   */
  public static java.util.Optional<String> unsupported(Pack pack) {
    return unsupported(pack, PackBackend.AUTO);
  }

  /**
   * Why the pack trainer on {@code backend}'s path cannot train {@code pack}, or empty: the
   * native-CPU path needs ND4J's CPU backend; the neutral ND4J path trains every model and
   * optimiser of the spec on any backend.
   */
  public static java.util.Optional<String> unsupported(Pack pack, PackBackend backend) {
    Objects.requireNonNull(pack, "pack");
    if (backend.resolve() == PackBackend.NATIVE_CPU && !PackBackend.cpuBackend()) {
      return java.util.Optional.of("engine.pack-backend = native-cpu needs ND4J's CPU backend, "
          + "this JVM runs " + PackBackend.backendName());
    }
    return java.util.Optional.empty();
  }

  /** Whether this trainer can train {@code pack} ({@link #unsupported} is empty). */
  public static boolean supports(Pack pack) {
    return unsupported(pack).isEmpty();
  }

  /** The path this trainer takes in this JVM ({@link PackBackend#resolve}). */
  public PackBackend backend() {
    return backend.resolve();
  }

  /**
   * Trains {@code pack}, generating each distinct seed's data set once ({@link
   * DataModel#perSeed}).
   *
   * @return one outcome per run, in the pack's order
   */
  public List<ReplicaOutcome> train(Pack pack) {
    Objects.requireNonNull(pack, "pack");
    return train(pack, DataModel.perSeed(pack.runs()));
  }

  /**
   * Trains {@code pack} on the given data sets.
   *
   * @param pack the runs
   * @param data one data set per run, normally {@code DataModel.dataSet(run.data(),
   *             run.seed())}; replicas of a fused pack must get identical data sets (the same
   *             object, or equal contents), otherwise the general path is taken
   * @return one outcome per run, in the pack's order
   * @throws IllegalArgumentException when a data set does not match the runs' input dimension or
   *                                  sample count
   */
  public List<ReplicaOutcome> train(Pack pack, List<? extends DataSet> data) {
    return train(pack, data, Collections.nCopies(pack.size(), TrainingObserver.NONE));
  }

  /**
   * Trains as {@link #train(Pack, List)}, showing replica r's state to {@code observers.get(r)} at
   * step 0, every {@code logEvery} steps and at the last step (not at the step where it diverged),
   * exactly when the reference trainer would.
   */
  public List<ReplicaOutcome> train(
      Pack pack, List<? extends DataSet> data, List<TrainingObserver> observers) {
    return train(pack, data, observers, StepReporter.NONE);
  }

  /**
   * Trains as {@link #train(Pack, List, List)}, handing the replica-steps taken (steps × the
   * pack's replicas, diverged ones included, as planned) to {@code progress} as training advances
   * ({@link StepReporter}).
   */
  public List<ReplicaOutcome> train(Pack pack, List<? extends DataSet> data,
      List<TrainingObserver> observers, java.util.function.LongConsumer progress) {
    Objects.requireNonNull(pack, "pack");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(observers, "observers");
    if (data.size() != pack.size() || observers.size() != pack.size()) {
      throw new IllegalArgumentException(
          "a pack of " + pack.size() + " runs needs as many data sets and observers, got "
              + data.size() + " and " + observers.size());
    }
    java.util.Optional<String> why = unsupported(pack, backend);
    if (why.isPresent()) {
      throw new UnsupportedOperationException(why.get() + "; train with the reference Trainer");
    }
    StepReporter reporter = new StepReporter(progress, pack.size());
    List<ReplicaOutcome> outcomes =
        new Session(pack, data, observers, profile, backend.resolve()).run(reporter);
    reporter.finish(pack.first().train().steps());
    return outcomes;
  }

  /** One training of one pack: its tensors, host buffers and per-replica bookkeeping. */
  private static final class Session {

    private final Pack pack;
    private final List<TrainingObserver> observers;
    private final StepProfile profile;
    private final int replicas;
    /** B̂, the largest batch size of the schedule. */
    private final int batch;
    private final int d;
    private final int depth;
    /** k, the outputs of every replica. */
    private final int outputs;
    /** R·k, the columns of the output-sized host buffers. */
    private final int outWide;
    private final boolean trainOutput;
    /** Whether any replica has momentum (in any stretch) or weight decay. */
    private final boolean velocity;
    private final List<io.sweep.worker.spec.StepSettings>[] stretches;
    private final long[] phaseStarts;
    private final boolean[] frozen;
    private final int rows;
    private final int width;
    private final int wide;
    private final boolean bias;
    private final boolean fused;
    private final Activation activation;
    private final TrainSpec schedule;

    private final ReplicaTensors tensors;
    /** Per replica: the training and test inputs as floats (shared between equal data sets). */
    private final float[][] trainX;
    private final float[][] testX;
    private final double[][] trainY;
    private final double[][] testY;
    private final int trainN;
    private final int testN;

    private final float[] hostX;
    private final float[] hostTargets;
    private final float[] hostOut;
    private final float[] stepScale;
    private final float[] eta;
    private final float[] mu;
    private final float[] lambda;
    /** The batch size of the current stretch. */
    private int stepBatch;

    private final RunStatus[] status;
    private final String[] error;
    private final long[] stepsDone;
    private final double[] initial;
    private final double[] trainLoss;
    private final ReplicaOutcome[] outcomes;
    private int active;

    @SuppressWarnings("try") // the workspace scope is entered for its side effect only
    Session(
        Pack pack, List<? extends DataSet> data, List<TrainingObserver> observers,
        StepProfile profile, PackBackend path) {
      this.pack = pack;
      this.observers = observers;
      this.profile = profile;
      RunSpec first = pack.first();
      replicas = pack.size();
      schedule = first.train();
      batch = schedule.maxBatchSize();
      d = first.data().inputDim();
      depth = first.model().depth();
      outputs = first.model().outputDim();
      outWide = Math.multiplyExact(replicas, outputs);
      trainOutput = first.model().trainOutput();
      @SuppressWarnings("unchecked")
      List<io.sweep.worker.spec.StepSettings>[] perReplica = new List[replicas];
      boolean anyVelocity = false;
      for (int r = 0; r < replicas; r++) {
        TrainSpec t = pack.runs().get(r).train();
        perReplica[r] = t.stretches();
        anyVelocity |= t.weightDecay() > 0;
        for (io.sweep.worker.spec.StepSettings st : perReplica[r]) {
          anyVelocity |= st.momentum() > 0;
        }
      }
      stretches = perReplica;
      velocity = anyVelocity;
      phaseStarts = schedule.schedule().stream().mapToLong(io.sweep.worker.spec.Phase::at)
          .toArray();
      frozen = new boolean[replicas];
      bias = first.model().bias();
      rows = bias ? d + 1 : d;
      width = first.model().width();
      wide = Math.multiplyExact(replicas, width);
      activation = first.model().activation();
      for (int r = 0; r < replicas; r++) {
        check(pack.runs().get(r), data.get(r));
      }
      fused = pack.fused() && identical(data);
      trainN = first.data().samples();
      testN = data.get(0).test().n();

      trainX = new float[replicas][];
      testX = new float[replicas][];
      trainY = new double[replicas][];
      testY = new double[replicas][];
      Map<DataSet, Integer> seen = new IdentityHashMap<>();
      for (int r = 0; r < replicas; r++) {
        DataSet ts = fused ? data.get(0) : data.get(r);
        Integer same = seen.putIfAbsent(ts, r);
        if (same != null) {
          trainX[r] = trainX[same];
          testX[r] = testX[same];
        } else {
          trainX[r] = floats(ts.train().x());
          testX[r] = floats(ts.test().x());
        }
        trainY[r] = ts.train().y();
        testY[r] = ts.test().y();
      }

      // The tensors live for the whole call: never in a workspace the caller may have open.
      try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        tensors = path == PackBackend.ND4J
            ? new Nd4jPackTensors(
                replicas, batch, d, width, depth, outputs, activation, bias, fused, trainOutput,
                velocity, profile)
            : new NativeCpuTensors(new PackTensors(
                replicas, batch, d, width, depth, outputs, activation, bias, fused, trainOutput,
                velocity, profile));
      }
      hostX = new float[(fused ? 1 : replicas) * batch * rows];
      if (bias) {
        for (int i = 0; i < hostX.length / rows; i++) {
          hostX[i * rows + d] = 1f;
        }
      }
      hostTargets = new float[batch * outWide];
      hostOut = new float[batch * outWide];
      stepScale = new float[replicas];
      eta = new float[replicas];
      mu = new float[replicas];
      lambda = new float[replicas];

      status = new RunStatus[replicas];
      error = new String[replicas];
      stepsDone = new long[replicas];
      initial = new double[replicas];
      trainLoss = new double[replicas];
      outcomes = new ReplicaOutcome[replicas];
      active = replicas;
    }

    private void check(RunSpec spec, DataSet data) {
      Objects.requireNonNull(data, "data");
      Samples train = data.train();
      Samples test = data.test();
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
      if (test.n() != spec.data().testSamples()) {
        throw new IllegalArgumentException(
            "data set has " + test.n() + " test samples, the spec asks for "
                + spec.data().testSamples());
      }
    }

    private static boolean identical(List<? extends DataSet> data) {
      DataSet a = data.get(0);
      for (DataSet b : data) {
        if (b != a
            && !(same(a.train(), b.train()) && same(a.test(), b.test()))) {
          return false;
        }
      }
      return true;
    }

    private static boolean same(Samples a, Samples b) {
      return Arrays.equals(a.x(), b.x()) && Arrays.equals(a.y(), b.y());
    }

    private static float[] floats(double[] v) {
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        f[i] = (float) v[i];
      }
      return f;
    }

    List<ReplicaOutcome> run(StepReporter progress) {
      try {
        return train(progress);
      } finally {
        tensors.close();
      }
    }

    private List<ReplicaOutcome> train(StepReporter progress) {
      loadInitialParameters();
      loadStretch(0);
      long steps = schedule.steps();
      int logEvery = schedule.logEvery();

      long t = tick();
      double[] losses = meanSquaredErrors(trainX, trainY, trainN);
      List<Integer> divergedNow = new ArrayList<>();
      Snapshot snapshot = new Snapshot();
      for (int r = 0; r < replicas; r++) {
        initial[r] = losses[r];
        trainLoss[r] = losses[r];
        if (!Double.isFinite(losses[r])) {
          diverge(r, DivergenceMessages.nonFiniteTrainingLoss(losses[r], 0), 0, divergedNow);
        } else {
          observe(r, 0, losses[r], snapshot);
        }
      }
      finishDiverged(divergedNow);
      tock(StepProfile.Phase.EVALUATION, t);

      Batches batches = new Batches();
      int stretch = 0;
      for (long step = 1; step <= steps && active > 0; step++) {
        t = tick();
        if (stretch < phaseStarts.length && step == phaseStarts[stretch] + 1) {
          loadStretch(++stretch);
        }
        batches.next(stretch);
        tensors.loadInputs(hostX);
        tensors.loadTargets(hostTargets);
        tock(StepProfile.Phase.LOAD, t);

        tensors.forward();
        float sumOfSquares = tensors.residuals();
        tensors.backward();
        progress.at(step);

        boolean logStep = step % logEvery == 0 || step == steps;
        if (Float.isFinite(sumOfSquares) && !logStep) {
          continue;
        }
        t = tick();
        tensors.timing(false);
        if (!Float.isFinite(sumOfSquares)) {
          checkMinibatchLosses(step, divergedNow);
        }
        losses = meanSquaredErrors(trainX, trainY, trainN);
        for (int r : divergedNow) {
          trainLoss[r] = losses[r];
        }
        if (logStep) {
          snapshot = new Snapshot();
          for (int r = 0; r < replicas; r++) {
            if (status[r] != null) {
              continue;
            }
            double loss = losses[r];
            trainLoss[r] = loss;
            double factor = pack.runs().get(r).train().divergenceFactor();
            if (!Double.isFinite(loss)) {
              diverge(r, DivergenceMessages.nonFiniteTrainingLoss(loss, step), step, divergedNow);
            } else if (loss > factor * initial[r]) {
              diverge(
                  r, DivergenceMessages.exceeded(loss, factor, initial[r], step), step,
                  divergedNow);
            } else {
              observe(r, step, loss, snapshot);
            }
          }
        }
        finishDiverged(divergedNow);
        tensors.timing(true);
        tock(StepProfile.Phase.EVALUATION, t);
      }

      t = tick();
      tensors.timing(false);
      if (active > 0) {
        double[] test = meanSquaredErrors(testX, testY, testN);
        snapshot = new Snapshot();
        for (int r = 0; r < replicas; r++) {
          if (outcomes[r] == null) {
            outcomes[r] = new ReplicaOutcome(
                pack.runs().get(r).runId(), RunStatus.OK, null, steps, initial[r], trainLoss[r],
                test[r], snapshot.parameters(r));
          }
        }
      }
      tock(StepProfile.Phase.EVALUATION, t);
      return List.of(outcomes);
    }

    /**
     * Loads the settings of stretch {@code s} (0 before any phase): batch size, and per replica
     * the residual factor and η, μ, λ; diverged replicas stay frozen (all 0).
     */
    private void loadStretch(int s) {
      stepBatch = stretches[0].get(s).batchSize();
      tensors.batch(stepBatch);
      for (int r = 0; r < replicas; r++) {
        io.sweep.worker.spec.StepSettings st = stretches[r].get(s);
        if (frozen[r]) {
          stepScale[r] = 0f;
          eta[r] = 0f;
          mu[r] = 0f;
          lambda[r] = 0f;
        } else if (velocity) {
          // DL4J's MSE averages over the k outputs as well: 2/(B·k) (k = 1: 2/B, as ever).
          stepScale[r] = (float) (2.0 / (stepBatch * outputs));
          eta[r] = (float) st.lr();
          mu[r] = (float) st.momentum();
          lambda[r] = (float) pack.runs().get(r).train().weightDecay();
        } else {
          stepScale[r] = (float) (2.0 * st.lr() / (stepBatch * outputs));
        }
      }
      tensors.loadStepScale(stepScale);
      tensors.loadOptimiser(eta, mu, lambda);
    }

    /** Replicas whose own minibatch loss (float, like DL4J's score) is not finite diverge. */
    private void checkMinibatchLosses(long step, List<Integer> divergedNow) {
      tensors.readResiduals(hostOut);
      for (int r = 0; r < replicas; r++) {
        if (status[r] != null) {
          continue;
        }
        float sum = 0f;
        for (int i = 0; i < stepBatch; i++) {
          for (int o = 0; o < outputs; o++) {
            float e = hostOut[i * outWide + r * outputs + o];
            sum += e * e;
          }
        }
        if (!Float.isFinite(sum)) {
          diverge(
              r,
              DivergenceMessages.nonFiniteMinibatchLoss(
                  (double) sum / (stepBatch * outputs), step),
              step, divergedNow);
        }
      }
    }

    private void diverge(int r, String message, long step, List<Integer> divergedNow) {
      status[r] = RunStatus.DIVERGED;
      error[r] = message;
      stepsDone[r] = step;
      divergedNow.add(r);
    }

    /** Records the replicas that diverged at this step, then freezes them. */
    private void finishDiverged(List<Integer> divergedNow) {
      if (divergedNow.isEmpty()) {
        return;
      }
      double[] test = meanSquaredErrors(testX, testY, testN);
      Snapshot snapshot = new Snapshot();
      for (int r : divergedNow) {
        outcomes[r] = new ReplicaOutcome(
            pack.runs().get(r).runId(), RunStatus.DIVERGED, error[r], stepsDone[r], initial[r],
            trainLoss[r], test[r], snapshot.parameters(r));
      }
      for (int r : divergedNow) {
        tensors.zeroReplica(r);
        frozen[r] = true;
        stepScale[r] = 0f;
        eta[r] = 0f;
        mu[r] = 0f;
        lambda[r] = 0f;
        active--;
      }
      tensors.loadStepScale(stepScale);
      tensors.loadOptimiser(eta, mu, lambda);
      divergedNow.clear();
    }

    private void observe(int r, long step, double loss, Snapshot snapshot) {
      observers.get(r).observe(step, loss, () -> snapshot.parameters(r));
    }

    private void loadInitialParameters() {
      float[][] w = new float[depth][];
      float[][] b = new float[depth][];
      w[0] = new float[wide * rows];
      for (int l = 1; l < depth; l++) {
        w[l] = new float[wide * width];
        b[l] = new float[wide];
      }
      int outBlock = outputs * width;
      float[] a = new float[replicas * outBlock];
      float[] c = new float[outWide];
      for (int r = 0; r < replicas; r++) {
        RunSpec spec = pack.runs().get(r);
        InitialParameters init = InitialParameters.of(spec); // a draw, or the warm start
        double[] w0 = init.layer(0);
        double[] a0 = init.outputLayer(); // k × m row-major, as the tensors keep it
        double[] b0 = init.layerBias(0);
        for (int j = 0; j < width; j++) {
          int neuron = r * width + j;
          for (int k = 0; k < d; k++) {
            w[0][neuron * rows + k] = (float) w0[j * d + k];
          }
          if (bias) { // layer 1's bias is the last column of w[0]
            w[0][neuron * rows + d] = (float) b0[j];
          }
        }
        double[] c0 = init.outputBias();
        for (int o = 0; o < outputs; o++) {
          c[r * outputs + o] = (float) c0[o];
        }
        for (int i = 0; i < outBlock; i++) {
          a[r * outBlock + i] = (float) a0[i];
        }
        for (int l = 1; l < depth; l++) {
          double[] wl = init.layer(l);
          int offset = r * width * width;
          for (int i = 0; i < width * width; i++) {
            w[l][offset + i] = (float) wl[i];
          }
          double[] bl = init.layerBias(l);
          for (int j = 0; j < width; j++) {
            b[l][r * width + j] = (float) bl[j];
          }
        }
      }
      tensors.loadParameters(w, b, a, c);
    }

    /**
     * (1/(n·k)) Σᵢ Σₒ (fₒ(xᵢ) − yᵢₒ)² of every replica on its samples, from float outputs in
     * double precision as the reference computes it; by chunks of B rows through the training
     * tensors.
     */
    private double[] meanSquaredErrors(float[][] xs, double[][] ys, int n) {
      float[] c = new float[outWide];
      if (bias) {
        tensors.readOutputBias(c);
      }
      double[] sums = new double[replicas];
      tensors.batch(batch);
      for (int start = 0; start < n; start += batch) {
        int count = Math.min(batch, n - start);
        if (fused) {
          copyRows(xs[0], start, count, 0);
        } else {
          for (int r = 0; r < replicas; r++) {
            copyRows(xs[r], start, count, r * batch * rows);
          }
        }
        tensors.loadInputs(hostX);
        tensors.forward();
        tensors.readOutputs(hostOut);
        for (int i = 0; i < count; i++) {
          int row = (start + i) * outputs;
          for (int r = 0; r < replicas; r++) {
            for (int o = 0; o < outputs; o++) {
              int col = r * outputs + o;
              float f = hostOut[i * outWide + col] + c[col];
              double e = (double) f - ys[r][row + o];
              sums[r] += e * e;
            }
          }
        }
      }
      tensors.batch(stepBatch);
      for (int r = 0; r < replicas; r++) {
        sums[r] /= (double) n * outputs;
      }
      return sums;
    }

    /** Rows start … start + count − 1 of x (n × d) into hostX from {@code offset}, B̃ = rows. */
    private void copyRows(float[] x, int start, int count, int offset) {
      for (int i = 0; i < count; i++) {
        System.arraycopy(x, (start + i) * d, hostX, offset + i * rows, d);
      }
    }

    /** The minibatch stream(s): indices and label noise, exactly as the reference draws them. */
    private final class Batches {
      private final MinibatchSampler[] samplers;
      private final SplittableRandom[] noise;
      private final int[] indices = new int[batch];
      private final double[] sigma = new double[replicas];
      private int stretch = -1;

      Batches() {
        int streams = fused ? 1 : replicas;
        samplers = new MinibatchSampler[streams];
        noise = new SplittableRandom[streams];
        for (int s = 0; s < streams; s++) {
          long seed = pack.runs().get(s).seed();
          samplers[s] = new MinibatchSampler(
              trainN, schedule.batchSize(), schedule.sampling(), seed);
          noise[s] = new SplittableRandom(Seeds.derive(seed, Seeds.LABEL_NOISE));
        }
      }

      /**
       * Fills hostX and hostTargets with the next step's inputs and noisy targets (the first
       * B rows of each block, B that of stretch {@code s}).
       */
      void next(int s) {
        if (s != stretch) {
          stretch = s;
          for (int r = 0; r < replicas; r++) {
            sigma[r] = stretches[r].get(s).labelNoise();
          }
        }
        int count = stepBatch;
        if (fused) {
          samplers[0].next(indices, count);
          float[] x = trainX[0];
          double[] y = trainY[0];
          for (int i = 0; i < count; i++) {
            int sample = indices[i];
            System.arraycopy(x, sample * d, hostX, i * rows, d);
            for (int o = 0; o < outputs; o++) {
              double xi = noise[0].nextGaussian();
              double label = y[sample * outputs + o];
              int row = i * outWide + o;
              for (int r = 0; r < replicas; r++) {
                hostTargets[row + r * outputs] = (float) (label + sigma[r] * xi);
              }
            }
          }
        } else {
          for (int r = 0; r < replicas; r++) {
            samplers[r].next(indices, count);
            float[] x = trainX[r];
            double[] y = trainY[r];
            int offset = r * batch * rows;
            for (int i = 0; i < count; i++) {
              int sample = indices[i];
              System.arraycopy(x, sample * d, hostX, offset + i * rows, d);
              for (int o = 0; o < outputs; o++) {
                double xi = noise[r].nextGaussian();
                hostTargets[i * outWide + r * outputs + o] =
                    (float) (y[sample * outputs + o] + sigma[r] * xi);
              }
            }
          }
        }
      }
    }

    /** The parameters of every replica at one moment, copied out of the tensors on first use. */
    private final class Snapshot {
      private float[][] w;
      private float[][] b;
      private float[] a;
      private float[] c;

      NetworkParameters parameters(int r) {
        if (w == null) {
          w = new float[depth][];
          b = new float[depth][];
          w[0] = new float[wide * rows];
          for (int l = 1; l < depth; l++) {
            w[l] = new float[wide * width];
            b[l] = new float[wide];
          }
          a = new float[wide * outputs];
          c = new float[outWide];
          tensors.readParameters(w, b, a, c);
        }
        double[][] wr = new double[depth][];
        double[][] br = new double[depth][];
        wr[0] = new double[width * d];
        br[0] = new double[width];
        int outBlock = outputs * width;
        double[] ar = new double[outBlock];
        for (int i = 0; i < outBlock; i++) {
          ar[i] = a[r * outBlock + i];
        }
        double[] cr = new double[outputs];
        for (int o = 0; o < outputs && bias; o++) {
          cr[o] = c[r * outputs + o];
        }
        for (int j = 0; j < width; j++) {
          int neuron = r * width + j;
          for (int k = 0; k < d; k++) {
            wr[0][j * d + k] = w[0][neuron * rows + k];
          }
          if (bias) {
            br[0][j] = w[0][neuron * rows + d];
          }
        }
        for (int l = 1; l < depth; l++) {
          wr[l] = new double[width * width];
          br[l] = new double[width];
          int offset = r * width * width;
          for (int i = 0; i < width * width; i++) {
            wr[l][i] = w[l][offset + i];
          }
          if (bias) {
            for (int j = 0; j < width; j++) {
              br[l][j] = b[l][r * width + j];
            }
          }
        }
        return new NetworkParameters(
            d, width, activation, bias, trainOutput, wr, br, ar, cr);
      }
    }

    private long tick() {
      return profile == null ? 0 : System.nanoTime();
    }

    private void tock(StepProfile.Phase phase, long since) {
      if (profile != null) {
        profile.add(phase, System.nanoTime() - since);
      }
    }
  }
}
