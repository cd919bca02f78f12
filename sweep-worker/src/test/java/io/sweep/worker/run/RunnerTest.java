package io.sweep.worker.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.TeacherStudent;
import io.sweep.worker.train.InitialParameters;
import io.sweep.worker.train.NetworkFactory;
import io.sweep.worker.train.Trainer;
import io.sweep.worker.train.TrainingOutcome;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class RunnerTest {

  private static RunSpec small(String id, long seed, double labelNoise) {
    return new RunSpec(
        id,
        seed,
        new ModelSpec(8, Activation.RELU, 1.0, false),
        new DataSpec(4, Teacher.LINEAR, 0.1, 32, 40, 1),
        new TrainSpec(0.05, 8, labelNoise, 50, 10, 1000.0));
  }

  private static void assertSameNumbers(RunResult expected, RunResult actual) {
    assertEquals(expected.runId(), actual.runId());
    assertEquals(expected.status(), actual.status());
    assertEquals(expected.stepsDone(), actual.stepsDone());
    assertEquals(
        Double.doubleToRawLongBits(expected.trainLoss()),
        Double.doubleToRawLongBits(actual.trainLoss()),
        "train loss " + expected.trainLoss() + " vs " + actual.trainLoss());
    assertEquals(
        Double.doubleToRawLongBits(expected.testLoss()),
        Double.doubleToRawLongBits(actual.testLoss()),
        "test loss " + expected.testLoss() + " vs " + actual.testLoss());
  }

  @Test
  void okRunReportsTheTrainersLossesOnTheCpu() {
    RunSpec spec = small("run-1", 5, 0.3);
    RunResult result = Runner.run(spec);
    TrainingOutcome direct =
        new Trainer().train(spec, TeacherStudent.generate(spec.data(), spec.seed()));
    assertEquals("run-1", result.runId());
    assertEquals(RunStatus.OK, result.status());
    assertEquals(null, result.error());
    assertEquals(50, result.stepsDone());
    assertEquals(direct.trainLoss(), result.trainLoss(), 0.0);
    assertEquals(direct.testLoss(), result.testLoss(), 0.0);
    assertEquals("cpu", result.device());
    assertTrue(result.wallSeconds() > 0 && result.wallSeconds() < 60, "" + result.wallSeconds());
  }

  @Test
  void sameSpecTwiceGivesBitwiseIdenticalLosses() {
    RunSpec spec = small("twice", 9, 0.5);
    assertSameNumbers(Runner.run(spec), Runner.run(spec));
  }

  @Test
  void divergedRunIsAResultNotAnException() {
    RunSpec spec = TestSpecs.easy(Activation.RELU, 5, 64, 50, 8, 500, 10);
    RunResult result = Runner.run(spec);
    assertEquals(RunStatus.DIVERGED, result.status());
    assertEquals(4, result.stepsDone());
    assertEquals("non-finite minibatch loss (Infinity) at step 4", result.error());
  }

  @Test
  void exceptionInsideTrainingBecomesAFailedResult() {
    RunResult result =
        Runner.run(
            small("boom", 1, 0),
            (spec, data) -> {
              throw new IllegalStateException("boom");
            });
    assertEquals("boom", result.runId());
    assertEquals(RunStatus.FAILED, result.status());
    assertTrue(
        result.error().startsWith("java.lang.IllegalStateException: boom\n\tat "),
        result.error());
    assertTrue(Double.isNaN(result.trainLoss()) && Double.isNaN(result.testLoss()));
    assertEquals(0, result.stepsDone());
    assertEquals("cpu", result.device());
  }

  @Test
  void nativeLinkageErrorBecomesAFailedResult() {
    RunResult result =
        Runner.run(
            small("native", 1, 0),
            (spec, data) -> {
              throw new UnsatisfiedLinkError("no jnind4jcpu in java.library.path");
            });
    assertEquals(RunStatus.FAILED, result.status());
    assertTrue(
        result.error()
            .startsWith("java.lang.UnsatisfiedLinkError: no jnind4jcpu in java.library.path"),
        result.error());
  }

  @Test
  void exceptionThrownByDl4jBecomesAFailedResult() {
    // A network built for 4 inputs fed 3: DL4J's own shape check throws.
    RunResult result =
        Runner.run(
            small("mismatch", 1, 0),
            (spec, data) -> {
              MultiLayerNetwork net =
                  NetworkFactory.build(
                      spec.model(), 4, 0.1, InitialParameters.draw(spec.model(), 4, 1));
              net.fit(Nd4j.create(new float[2][3]), Nd4j.create(new float[2][1]));
              throw new AssertionError("DL4J accepted a 3-column input for 4 inputs");
            });
    assertEquals(RunStatus.FAILED, result.status());
    assertTrue(
        result.error()
            .startsWith(
                "org.deeplearning4j.exception.DL4JInvalidInputException: Input size (3 columns;"
                    + " shape = [2, 3]) is invalid: does not match layer input size"
                    + " (layer # inputs = 4)"),
        result.error());
  }

  @Test
  void longErrorsAreCutTo2000Characters() {
    RunResult result =
        Runner.run(
            small("long", 1, 0),
            (spec, data) -> {
              throw new IllegalStateException("x".repeat(5000));
            });
    assertEquals(RunStatus.FAILED, result.status());
    assertEquals(2000, result.error().length());
  }

  @Test
  void virtualMachineErrorsPropagate() {
    OutOfMemoryError e =
        assertThrows(
            OutOfMemoryError.class,
            () ->
                Runner.run(
                    small("oom", 1, 0),
                    (spec, data) -> {
                      throw new OutOfMemoryError("test");
                    }));
    assertEquals("test", e.getMessage());
  }

  @Test
  void concurrentRunsGiveTheSameResultsAsSequentialOnes() throws Exception {
    List<RunSpec> specs =
        List.of(small("a", 1, 0.5), small("b", 2, 0.0), small("c", 3, 1.0), small("d", 4, 0.2));
    List<RunResult> sequential = specs.stream().map(Runner::run).toList();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<RunResult>> futures =
          specs.stream().map(s -> pool.submit(() -> Runner.run(s))).toList();
      for (int i = 0; i < specs.size(); i++) {
        assertSameNumbers(sequential.get(i), futures.get(i).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
