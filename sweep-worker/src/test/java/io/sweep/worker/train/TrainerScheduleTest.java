package io.sweep.worker.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.Seeds;
import io.sweep.worker.data.TeacherStudent;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.Phase;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.RunStatus;
import io.sweep.worker.spec.Sampling;
import io.sweep.worker.spec.StepSettings;
import io.sweep.worker.spec.Teacher;
import io.sweep.worker.spec.TrainSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reference trainer's whole trajectory under a schedule, replayed by hand: the same batches
 * (stream "batches"), the same label noise (stream "label-noise", B draws every step even at σ =
 * 0), the settings of {@link TrainSpec#at} at every step, {@link HandSgd}'s heavy-ball step in
 * double precision. Replaying with the phases one step early or late does not match, so the knobs
 * change exactly at step at + 1.
 */
class TrainerScheduleTest {

  private static final int N = 12;
  private static final long STEPS = 8;
  private static final double TOL = 1e-6;

  /** lr drop, full batch, no label noise and less momentum after 3 steps; B = 4, σ back after 5. */
  private static TrainSpec train(Sampling sampling, int shift) {
    return new TrainSpec(0.05, 4, 0.5, STEPS, 1, 1000.0)
        .withOptimiser(0.8, 0.01)
        .withSchedule(sampling, List.of(
            new Phase(3 + shift, 0.01, N, 0.0, 0.3),
            new Phase(5 + shift, null, 4, 0.5, null)));
  }

  private static RunSpec spec(Sampling sampling) {
    return new RunSpec(
        "schedule", 5L,
        new ModelSpec(4, Activation.TANH, 1.0, true).withDepth(2),
        new DataSpec(3, Teacher.LINEAR, 0.1, N, 10, 1),
        train(sampling, 0));
  }

  @ParameterizedTest
  @EnumSource(Sampling.class)
  void trajectoryIsTheHandReplayOfTheSchedule(Sampling sampling) {
    RunSpec spec = spec(sampling);
    TeacherStudent data = TeacherStudent.generate(spec.data(), spec.seed());
    List<NetworkParameters> seen = new ArrayList<>();
    TrainingOutcome out = new Trainer().train(spec, data, (step, loss, p) -> {
      assertEquals(seen.size(), step);
      seen.add(p.get());
    });
    assertEquals(RunStatus.OK, out.status());
    assertEquals(STEPS + 1, seen.size());

    double exact = replay(spec, data, seen, spec.train());
    System.out.printf("schedule replay, %s: max rel diff %.2e%n", sampling.label(), exact);
    assertTrue(exact <= TOL, "the trajectory follows the schedule: " + exact);
    for (int shift : new int[] {-1, 1}) {
      double off = replay(spec, data, seen, train(sampling, shift));
      assertTrue(off > 100 * TOL, "phases shifted by " + shift + " also matched: " + off);
    }
  }

  /** The largest relative difference between the observed trajectory and the hand replay. */
  private static double replay(
      RunSpec spec, TeacherStudent data, List<NetworkParameters> seen, TrainSpec settings) {
    int d = spec.data().inputDim();
    TrainSpec t = spec.train();
    MinibatchSampler sampler = new MinibatchSampler(N, t.batchSize(), t.sampling(), spec.seed());
    SplittableRandom noise = new SplittableRandom(Seeds.derive(spec.seed(), Seeds.LABEL_NOISE));
    double[] x = data.train().x();
    double[] y = data.train().y();
    HandSgd hand = new HandSgd(seen.get(0));
    int[] indices = new int[N];
    double worst = 0;
    for (int k = 1; k <= STEPS; k++) {
      StepSettings s = settings.at(k);
      sampler.next(indices, s.batchSize());
      double[][] xs = new double[s.batchSize()][d];
      double[] ys = new double[s.batchSize()];
      for (int r = 0; r < s.batchSize(); r++) {
        int i = indices[r];
        for (int c = 0; c < d; c++) {
          xs[r][c] = (float) x[i * d + c];
        }
        ys[r] = (float) (y[i] + s.labelNoise() * noise.nextGaussian());
      }
      hand.step(xs, ys, s.lr(), s.momentum(), t.weightDecay());
      double[] observed = HandSgd.flatten(seen.get(k));
      for (int i = 0; i < observed.length; i++) {
        double diff = Math.abs(observed[i] - hand.theta[i]) / Math.max(1, Math.abs(hand.theta[i]));
        worst = Math.max(worst, diff);
      }
    }
    return worst;
  }

  /** Every activation at depth 3, balanced init, momentum, decay, with replacement: it learns. */
  @ParameterizedTest
  @EnumSource(Activation.class)
  void deepMomentumRunsReduceTheTrainingLoss(Activation act) {
    RunSpec spec = new RunSpec(
        "deep", 2L,
        // Three cubic layers at scale 1 blow up within a few steps (f grows like z²⁷): start small.
        new ModelSpec(8, act, act == Activation.CUBIC ? 0.5 : 1.0, true).withDepth(3)
            .withInit(io.sweep.worker.spec.Init.BALANCED, io.sweep.worker.spec.OutputInit.RANDOM),
        new DataSpec(3, Teacher.LINEAR, 0.0, 32, 10, 1),
        // and its steep edges need a smaller step under momentum 0.9.
        new TrainSpec(act == Activation.CUBIC ? 0.002 : 0.01, 8, 0.1, 200, 50, 1000.0).withOptimiser(0.9, 1e-4)
            .withSchedule(Sampling.WITH_REPLACEMENT, List.of(new Phase(100, null, 32, 0.0, null))));
    TrainingOutcome out =
        new Trainer().train(spec, TeacherStudent.generate(spec.data(), spec.seed()));
    assertEquals(RunStatus.OK, out.status(), out.error());
    assertEquals(3, out.parameters().depth());
    assertTrue(out.trainLoss() < out.initialTrainLoss() / 2,
        act + ": " + out.initialTrainLoss() + " -> " + out.trainLoss());
  }
}
