package io.sweep.worker.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.TeacherStudent;
import io.sweep.worker.run.TestSpecs;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.RunStatus;
import io.sweep.worker.spec.Teacher;
import io.sweep.worker.spec.TrainSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTest {

  private static TrainingOutcome train(RunSpec spec) {
    return new Trainer().train(spec, TeacherStudent.generate(spec.data(), spec.seed()));
  }

  /** A noisy little run: data noise, label noise, biases. */
  private static RunSpec noisy(double labelNoise, long steps) {
    return new RunSpec(
        "noisy",
        3L,
        new ModelSpec(8, Activation.TANH, 1.0, true),
        new DataSpec(4, Teacher.LINEAR, 0.2, 32, 50, 1),
        new TrainSpec(0.05, 4, labelNoise, steps, 25, 1000.0));
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"RELU", "LINEAR"})
  void trainingReducesTheTrainingLossTenfoldOnAnEasyProblem(Activation activation) {
    RunSpec spec = TestSpecs.easy(activation, 5, 64, 0.05, 8, 500, 100);
    TrainingOutcome out = train(spec);
    assertEquals(RunStatus.OK, out.status());
    assertNull(out.error());
    assertEquals(500, out.stepsDone());
    assertTrue(out.initialTrainLoss() > 0.1, "a random net is far from the teacher");
    assertTrue(
        out.trainLoss() <= out.initialTrainLoss() / 10,
        "loss " + out.trainLoss() + " vs initial " + out.initialTrainLoss());
    assertTrue(out.testLoss() <= out.initialTrainLoss() / 10, "test loss " + out.testLoss());
  }

  @Test
  void reportedLossesAreTheMeanSquaredErrorsOfTheReturnedNetwork() {
    RunSpec spec = noisy(0.0, 30);
    TeacherStudent data = TeacherStudent.generate(spec.data(), spec.seed());
    TrainingOutcome out = new Trainer().train(spec, data);
    assertEquals(Trainer.meanSquaredError(out.network(), data.train()), out.trainLoss(), 0.0);
    assertEquals(Trainer.meanSquaredError(out.network(), data.test()), out.testLoss(), 0.0);
    TrainingOutcome untrained = new Trainer().train(withSteps(spec, 1), data);
    assertEquals(out.initialTrainLoss(), untrained.initialTrainLoss(), 0.0);
  }

  @Test
  void hugeStepSizeDivergesWithANonFiniteMinibatchLoss() {
    TrainingOutcome out = train(TestSpecs.easy(Activation.RELU, 5, 64, 50, 8, 500, 10));
    assertEquals(RunStatus.DIVERGED, out.status());
    assertEquals(4, out.stepsDone());
    assertEquals("non-finite minibatch loss (Infinity) at step 4", out.error());
  }

  @Test
  void hugeStepSizeExceedsTheDivergenceFactorWhenCheckedEveryStep() {
    TrainingOutcome out = train(TestSpecs.easy(Activation.RELU, 5, 64, 50, 8, 500, 1));
    assertEquals(RunStatus.DIVERGED, out.status());
    assertEquals(1, out.stepsDone());
    assertEquals(
        "training loss 37200 exceeded 1000 × initial loss 0.696 at step 1", out.error());
    assertTrue(out.trainLoss() > 1000 * out.initialTrainLoss());
  }

  @Test
  void sameSpecTwiceGivesBitwiseIdenticalResults() {
    RunSpec spec = noisy(0.5, 60);
    TrainingOutcome a = train(spec);
    TrainingOutcome b = train(spec);
    assertEquals(Double.doubleToRawLongBits(a.trainLoss()), Double.doubleToRawLongBits(b.trainLoss()));
    assertEquals(Double.doubleToRawLongBits(a.testLoss()), Double.doubleToRawLongBits(b.testLoss()));
    assertArrayEquals(
        a.network().params().toFloatVector(), b.network().params().toFloatVector(), 0f);
  }

  @Test
  void labelNoiseChangesTheTrajectoryButNotTheStartingPoint() {
    TrainingOutcome clean = train(noisy(0.0, 20));
    TrainingOutcome noisy = train(noisy(1.0, 20));
    assertEquals(clean.initialTrainLoss(), noisy.initialTrainLoss(), 0.0);
    assertNotEquals(clean.trainLoss(), noisy.trainLoss());
  }

  @Test
  void dataOfAnotherShapeIsRejected() {
    RunSpec spec = noisy(0.0, 1);
    TeacherStudent other =
        TeacherStudent.generate(new DataSpec(5, Teacher.LINEAR, 0.0, 32, 10, 1), 3);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Trainer().train(spec, other));
    assertEquals(
        "data set has 32 samples of dimension 5, the spec asks for 32 of dimension 4",
        e.getMessage());
  }

  @Test
  void numbersInMessagesHaveThreeSignificantDigits() {
    assertEquals("1.02", DivergenceMessages.format(1.0234));
    assertEquals("1000", DivergenceMessages.format(1000));
    assertEquals("37200", DivergenceMessages.format(37194.7));
    assertEquals("3.2e+05", DivergenceMessages.format(3.2e5));
    assertEquals("1.5e-07", DivergenceMessages.format(1.5e-7));
    assertEquals("-0.00123", DivergenceMessages.format(-0.001234));
    assertEquals("0", DivergenceMessages.format(0));
    assertEquals("NaN", DivergenceMessages.format(Double.NaN));
    assertEquals("Infinity", DivergenceMessages.format(Double.POSITIVE_INFINITY));
  }

  private static RunSpec withSteps(RunSpec s, long steps) {
    TrainSpec t = s.train();
    return new RunSpec(
        s.runId(), s.seed(), s.model(), s.data(),
        new TrainSpec(t.lr(), t.batchSize(), t.labelNoise(), steps, t.logEvery(),
            t.divergenceFactor()));
  }
}
