package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.DataModel;
import io.sweep.worker.data.DataSet;
import io.sweep.worker.pack.Pack;
import io.sweep.worker.pack.PackTrainer;
import io.sweep.worker.pack.ReplicaOutcome;
import io.sweep.worker.run.TestSpecs;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.RunStatus;
import io.sweep.worker.spec.TrainSpec;
import io.sweep.worker.train.TrainingObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pack trained with {@link PackTrajectory}'s recorders against the same pack trained with one
 * {@link TrajectoryRecorder} per replica: the trainer shows both the same parameters, so the
 * points must agree to rounding (several seeds in one pack, a diverging replica, depth 1 and 2,
 * three outputs, the Hessian every 10 steps).
 */
class PackTrajectoryTrainingTest {

  private static final DiagnosticsSpec SPEC = new DiagnosticsSpec(0.1, 0.1, 1e-3, 8, 600, 10);

  private static RunSpec spec(String id, long seed, ModelSpec model, double lr) {
    return new RunSpec(id, seed, model, TestSpecs.data(5, 64, 40).withOutputs(model.outputDim()),
        new TrainSpec(lr, 8, 0.2, 40, 10, 1000.0));
  }

  private static void assertPackedPointsAreOneByOnePoints(List<RunSpec> runs) {
    Pack pack = new Pack(runs);
    List<DataSet> data = DataModel.perSeed(runs);
    PackTrajectory trajectory = new PackTrajectory(SPEC);
    List<TrajectoryRecorder> packed = new ArrayList<>();
    List<TrajectoryRecorder> alone = new ArrayList<>();
    for (int r = 0; r < runs.size(); r++) {
      DataSet d = data.get(r);
      packed.add(trajectory.add(d.train(), d.test(), runs.get(r).seed()));
      alone.add(new TrajectoryRecorder(d.train(), d.test(), SPEC, runs.get(r).seed()));
    }
    List<ReplicaOutcome> withPack =
        new PackTrainer().train(pack, data, List.<TrainingObserver>copyOf(packed));
    List<ReplicaOutcome> oneByOne =
        new PackTrainer().train(pack, data, List.<TrainingObserver>copyOf(alone));
    for (int r = 0; r < runs.size(); r++) {
      assertEquals(oneByOne.get(r).status(), withPack.get(r).status());
      assertEquals(oneByOne.get(r).trainLoss(), withPack.get(r).trainLoss()); // same training
      List<TrajectoryPoint> expected = alone.get(r).points();
      List<TrajectoryPoint> actual = packed.get(r).points();
      assertEquals(expected.size(), actual.size(), runs.get(r).runId());
      assertTrue(!expected.isEmpty(), runs.get(r).runId());
      for (int i = 0; i < expected.size(); i++) {
        PackTrajectoryTest.assertPointClose(
            expected.get(i), actual.get(i), runs.get(r).runId() + " point " + i);
      }
    }
  }

  @Test
  void twoSeedsAndADivergingReplicaInOnePackGetTheOneByOnePoints() {
    ModelSpec m = new ModelSpec(8, Activation.RELU, 1.0, true);
    List<RunSpec> runs = List.of(spec("a", 3, m, 0.05), spec("b", 4, m, 0.02),
        spec("wild", 3, m, 60), spec("c", 3, m, 0.1), spec("d", 4, m, 0.08));
    assertPackedPointsAreOneByOnePoints(runs);
    List<ReplicaOutcome> outcomes = new PackTrainer().train(new Pack(runs));
    assertEquals(RunStatus.DIVERGED, outcomes.get(2).status());
  }

  @Test
  void deeperNetworksWithThreeOutputsGetTheOneByOnePoints() {
    ModelSpec m = new ModelSpec(8, Activation.TANH, 1.0, false).withDepth(2).withOutputDim(3);
    assertPackedPointsAreOneByOnePoints(
        List.of(spec("a", 5, m, 0.05), spec("b", 5, m, 0.1), spec("c", 6, m, 0.05)));
  }
}
