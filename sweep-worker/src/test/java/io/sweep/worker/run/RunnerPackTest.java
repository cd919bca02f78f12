package io.sweep.worker.run;

import static io.sweep.worker.run.RunnerTest.assertSameNumbers;
import static io.sweep.worker.run.TestSpecs.DIAGNOSTICS;
import static io.sweep.worker.run.TestSpecs.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.DataSet;
import io.sweep.worker.diagnose.TrajectoryPoint;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.pack.Pack;
import io.sweep.worker.pack.PackTrainer;
import io.sweep.worker.pack.ReplicaOutcome;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.RunStatus;
import io.sweep.worker.train.TrainingObserver;
import io.sweep.worker.train.Trainer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Runner#run(io.sweep.worker.pack.Pack, io.sweep.worker.diagnose.DiagnosticsSpec)}: a
 * pack's results are its runs' results one by one, in the pack's order; a run that fails is a
 * failed result.
 *
 * <p>How the runner decides: a pack of two or more runs goes to the {@link PackTrainer}; when that
 * throws (on ND4J's CUDA backend it refuses, it needs the CPU backend's OpenBLAS), every run of
 * the pack is run alone by {@link Runner#run(RunSpec, io.sweep.worker.diagnose.DiagnosticsSpec)},
 * the reference path of the DL4J trainer. A pack of one takes the reference path directly. So
 * results equal the one-by-one results to float32 rounding from the pack trainer (PackTrainerTest
 * holds it to its reference, and its tolerance of 2·10⁻⁵ relative is used here; the largest
 * relative loss difference seen on these runs is 3·10⁻⁷), and bit for bit on the reference path.
 */
class RunnerPackTest {
  /** Relative difference allowed between pack and reference losses: PackTrainerTest's, and why. */
  private static final double LOSS_TOLERANCE = 2e-5;
  /** What the pack trainer says on a backend other than the CPU's. */
  private static final String NOT_CPU = "the pack trainer needs ND4J's CPU backend (nd4j-native); "
      + "train on this backend with the reference Trainer";
  private static final Runner.PackTraining REFUSES = (pack, data, observers) -> {
    throw new UnsupportedOperationException(NOT_CPU);
  };
  private static final Runner.Training REFERENCE = new Trainer()::train;

  @Test
  void aFusedPackGivesEachRunItsOwnResultInThePacksOrder() {
    List<RunSpec> runs = List.of(small("c", 3, 0.5), small("a", 3, 0.0), small("b", 3, 1.0));
    assertTrue(new Pack(runs).fused());

    List<RunResult> packed = Runner.run(new Pack(runs), DIAGNOSTICS);

    assertEquals(List.of("c", "a", "b"), packed.stream().map(RunResult::runId).toList());
    for (int r = 0; r < runs.size(); r++) {
      assertCloseToReference(Runner.run(runs.get(r), DIAGNOSTICS), packed.get(r));
    }
  }

  @Test
  void theNeutralPathGivesTheSameResultsAndSaysSoInTheTrainerColumn() {
    List<RunSpec> runs = List.of(small("n1", 1, 0.5), small("n2", 2, 0.5), small("n3", 1, 0.2));
    Pack pack = new Pack(runs);

    List<RunResult> neutral = Runner.run(pack, DIAGNOSTICS, io.sweep.worker.pack.PackBackend.ND4J);
    List<RunResult> nativeCpu =
        Runner.run(pack, DIAGNOSTICS, io.sweep.worker.pack.PackBackend.NATIVE_CPU);

    for (int r = 0; r < runs.size(); r++) {
      assertEquals("pack:nd4j", neutral.get(r).trainer());
      assertEquals(Runner.PACK, nativeCpu.get(r).trainer());
      assertEquals(Runner.DEVICE, neutral.get(r).device());
      assertCloseToReference(Runner.run(runs.get(r), DIAGNOSTICS), neutral.get(r));
    }
    assertEquals(Runner.PACK, Runner.run(pack, DIAGNOSTICS).get(0).trainer(),
        "auto is the native path on the CPU backend");
  }

  @Test
  void aPackOfSeveralSeedsGivesEachRunItsOwnResultToo() {
    List<RunSpec> runs = List.of(small("s1", 1, 0.5), small("s2", 2, 0.5), small("s1b", 1, 0.2));
    assertTrue(!new Pack(runs).fused());

    List<RunResult> packed = Runner.run(new Pack(runs), DIAGNOSTICS);

    for (int r = 0; r < runs.size(); r++) {
      assertCloseToReference(Runner.run(runs.get(r), DIAGNOSTICS), packed.get(r));
    }
  }

  @Test
  void runsWithThreeOutputsGetTheirResultsAndDiagnosticsThroughPacksAndAlone() {
    List<RunSpec> runs = new java.util.ArrayList<>();
    for (RunSpec r : List.of(small("k3a", 3, 0.5), small("k3b", 3, 0.0))) {
      runs.add(new RunSpec(r.runId(), r.seed(), r.model().withOutputDim(3),
          r.data().withOutputs(3), r.train()));
    }
    List<RunResult> packed = Runner.run(new Pack(runs), DIAGNOSTICS);
    for (int r = 0; r < runs.size(); r++) {
      RunResult alone = Runner.run(runs.get(r), DIAGNOSTICS);
      assertCloseToReference(alone, packed.get(r));
      assertTrue(Double.isFinite(packed.get(r).diagnostics().olsDistance()));
      assertEquals(alone.diagnostics().independentNeurons(),
          packed.get(r).diagnostics().independentNeurons());
    }
  }

  @Test
  void whenThePackTrainerCannotTrainThePackEveryRunFallsBackToTheReferenceTrainer() {
    List<RunSpec> runs = List.of(small("b", 4, 0.3), small("a", 5, 0.0), small("c", 4, 0.7));

    List<RunResult> results = Runner.run(new Pack(runs), DIAGNOSTICS, REFUSES, REFERENCE);

    assertEquals(runs.size(), results.size());
    for (int r = 0; r < runs.size(); r++) {
      RunResult alone = Runner.run(runs.get(r), DIAGNOSTICS);
      assertSameNumbers(alone, results.get(r));
      assertEquals(alone.trajectory(), results.get(r).trajectory());
      assertEquals(alone.diagnostics(), results.get(r).diagnostics());
      assertEquals(Runner.DEVICE, results.get(r).device());
    }
  }

  @Test
  void aRunThatFailsOnTheFallBackIsAFailedResultBesideTheOthers() {
    List<RunSpec> runs = List.of(small("a", 4, 0.3), small("boom", 4, 0.5), small("c", 4, 0.7));
    Runner.Training failsBoom = (spec, data, observer) -> {
      if (spec.runId().equals("boom")) {
        throw new IllegalStateException("boom");
      }
      return REFERENCE.train(spec, data, observer);
    };

    List<RunResult> results = Runner.run(new Pack(runs), DIAGNOSTICS, REFUSES, failsBoom);

    assertEquals(List.of("a", "boom", "c"), results.stream().map(RunResult::runId).toList());
    RunResult failed = results.get(1);
    assertEquals(RunStatus.FAILED, failed.status());
    assertTrue(failed.error().startsWith("java.lang.IllegalStateException: boom\n\tat "),
        failed.error());
    assertTrue(Double.isNaN(failed.trainLoss()) && Double.isNaN(failed.testLoss()));
    assertNull(failed.diagnostics());
    assertEquals(List.of(), failed.trajectory());
    assertSameNumbers(Runner.run(runs.get(0), DIAGNOSTICS), results.get(0));
    assertSameNumbers(Runner.run(runs.get(2), DIAGNOSTICS), results.get(2));
  }

  @Test
  void aRunWhoseDiagnosticsFailIsAFailedResultAndTheOtherRunsOfThePackKeepTheirs() {
    List<RunSpec> runs = List.of(small("a", 4, 0.3), small("boom", 4, 0.5));
    // The pack trainer's outcome of "boom" carries parameters of another input dimension, which
    // the diagnostics cannot evaluate on the run's data.
    Runner.PackTraining wrongShape = (pack, data, observers) -> {
      List<ReplicaOutcome> real = new PackTrainer().train(pack, data, observers);
      ReplicaOutcome o = real.get(1);
      NetworkParameters p = o.parameters();
      NetworkParameters other = new NetworkParameters(p.width(), p.inputDim() + 1, p.activation(),
          p.bias(), new double[p.width() * (p.inputDim() + 1)], p.b(), p.a(), p.c());
      return List.of(real.get(0), new ReplicaOutcome(o.runId(), o.status(), o.error(),
          o.stepsDone(), o.initialTrainLoss(), o.trainLoss(), o.testLoss(), other));
    };

    List<RunResult> results = Runner.run(new Pack(runs), DIAGNOSTICS, wrongShape, REFERENCE);

    assertEquals(List.of("a", "boom"), results.stream().map(RunResult::runId).toList());
    assertEquals(RunStatus.OK, results.get(0).status());
    assertNotNull(results.get(0).diagnostics());
    assertEquals(RunStatus.FAILED, results.get(1).status());
    assertNull(results.get(1).diagnostics());
  }

  @Test
  void aPackOfOneTakesTheReferencePathWithoutThePackTrainer() {
    RunSpec only = small("only", 6, 0.4);
    AtomicInteger packTrainings = new AtomicInteger();
    Runner.PackTraining counted = (pack, data, observers) -> {
      packTrainings.incrementAndGet();
      return new PackTrainer().train(pack, data, observers);
    };

    List<RunResult> results = Runner.run(Pack.of(only), DIAGNOSTICS, counted, REFERENCE);

    assertEquals(0, packTrainings.get());
    assertEquals(1, results.size());
    assertSameNumbers(Runner.run(only, DIAGNOSTICS), results.get(0));
  }

  @Test
  void aVirtualMachineErrorInThePackTrainerPropagates() {
    Runner.PackTraining outOfMemory = (pack, data, observers) -> {
      throw new OutOfMemoryError("test");
    };
    Pack pack = Pack.of(small("a", 1, 0), small("b", 1, 0.5));

    OutOfMemoryError e = assertThrows(OutOfMemoryError.class,
        () -> Runner.run(pack, DIAGNOSTICS, outOfMemory, REFERENCE));
    assertEquals("test", e.getMessage());
  }

  @Test
  void eachResultSaysWhichTrainerTrainedIt() {
    List<RunSpec> runs = List.of(small("a", 3, 0.5), small("b", 3, 0.0));

    assertEquals(List.of(Runner.PACK, Runner.PACK),
        Runner.run(new Pack(runs), DIAGNOSTICS).stream().map(RunResult::trainer).toList());
    assertEquals(Runner.REFERENCE, Runner.run(runs.get(0), DIAGNOSTICS).trainer());
    assertEquals(List.of(Runner.REFERENCE),
        Runner.run(Pack.of(runs.get(0)), DIAGNOSTICS).stream().map(RunResult::trainer).toList());
  }

  @Test
  void aRunThatFellBackSaysWhy() {
    List<RunSpec> runs = List.of(small("a", 4, 0.3), small("b", 4, 0.7));

    List<RunResult> results = Runner.run(new Pack(runs), DIAGNOSTICS, REFUSES, REFERENCE);

    for (RunResult r : results) {
      assertEquals("reference: pack trainer failed: java.lang.UnsupportedOperationException: "
          + NOT_CPU, r.trainer());
      assertEquals(RunStatus.OK, r.status());
    }
  }

  @Test
  void aPackThePackTrainerDoesNotSupportFallsBackWithItsReasonEvenWhenTheRunsFail() {
    // A pack trainer that does not support this pack (PackTrainer.unsupported, e.g. another
    // backend): it is never asked to train; the stand-in reference refuses the runs too.
    List<RunSpec> runs = List.of(deeper(small("a", 4, 0.3)), deeper(small("b", 4, 0.7)));
    AtomicInteger packTrainings = new AtomicInteger();
    Runner.PackTraining declines = new Runner.PackTraining() {
      @Override
      public List<ReplicaOutcome> train(
          Pack pack, List<DataSet> data, List<TrainingObserver> observers) {
        packTrainings.incrementAndGet();
        return new PackTrainer().train(pack, data, observers);
      }

      @Override
      public Optional<String> unsupported(Pack pack) {
        return Optional.of("packs do not train this model yet");
      }
    };
    Runner.Training refuses = (spec, data, observer) -> {
      throw new UnsupportedOperationException("depth 2");
    };

    List<RunResult> results = Runner.run(new Pack(runs), DIAGNOSTICS, declines, refuses);

    assertEquals(0, packTrainings.get());
    for (RunResult r : results) {
      assertEquals("reference: packs do not train this model yet", r.trainer());
      assertEquals(RunStatus.FAILED, r.status());
    }
  }

  @Test
  void aDeeperPackIsTrainedInThePackOnTheCpuBackend() {
    List<RunSpec> runs = List.of(deeper(small("a", 4, 0.3)), deeper(small("b", 4, 0.7)));
    assertEquals(Optional.empty(), PackTrainer.unsupported(new Pack(runs)));
    for (RunResult r : Runner.run(new Pack(runs), DIAGNOSTICS)) {
      assertEquals(Runner.PACK, r.trainer());
      assertEquals(RunStatus.OK, r.status());
    }
  }

  private static RunSpec deeper(RunSpec s) {
    return new RunSpec(s.runId(), s.seed(), s.model().withDepth(2), s.data(), s.train());
  }

  /** The pack trainer's result of a run against the run trained alone by the reference trainer. */
  private static void assertCloseToReference(RunResult alone, RunResult packed) {
    assertEquals(alone.runId(), packed.runId());
    assertEquals(RunStatus.OK, alone.status());
    assertEquals(alone.status(), packed.status());
    assertEquals(alone.stepsDone(), packed.stepsDone());
    assertEquals(alone.trainLoss(), packed.trainLoss(), LOSS_TOLERANCE * alone.trainLoss() + 1e-10);
    assertEquals(alone.testLoss(), packed.testLoss(), LOSS_TOLERANCE * alone.testLoss() + 1e-10);
    assertEquals(steps(alone), steps(packed));
    assertNotNull(packed.diagnostics(), "an ok run carries its diagnostics");
    assertEquals(Runner.DEVICE, packed.device());
  }

  private static List<Long> steps(RunResult r) {
    return r.trajectory().stream().map(TrajectoryPoint::step).toList();
  }
}
