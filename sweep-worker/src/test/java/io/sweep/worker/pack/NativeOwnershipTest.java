package io.sweep.worker.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.data.TeacherStudent;
import io.sweep.worker.run.TestSpecs;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.RunStatus;
import io.sweep.worker.spec.TrainSpec;
import io.sweep.worker.train.TrainingObserver;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every native allocation of the pack trainer has one owner (a {@link NativeArena}) and one
 * release: counted over the JVM, the number of live allocations is back where it was after every
 * way a pack can end (normally, with a diverged replica, with every replica diverged, with an
 * exception in the middle of training, with a failure while the tensors are being built), and a
 * second release fails loudly instead of freeing memory twice.
 */
class NativeOwnershipTest {

  private long liveBefore;
  private long allocatedBefore;

  @BeforeEach
  void count() {
    liveBefore = NativeArena.live();
    allocatedBefore = NativeArena.allocatedTotal();
  }

  private static RunSpec run(String id, long seed, Activation activation, double lr, long steps) {
    return new RunSpec(
        id, seed, new ModelSpec(8, activation, 1.0, true), TestSpecs.data(5, 64, 40),
        new TrainSpec(lr, 8, 0.2, steps, 10, 1000.0));
  }

  /** Allocations this test made, all released. */
  private long assertAllReleased() {
    assertEquals(liveBefore, NativeArena.live(), "native allocations left unreleased");
    long made = NativeArena.allocatedTotal() - allocatedBefore;
    assertTrue(made > 0, "the pack allocated nothing through its arena");
    return made;
  }

  @Test
  void aPackThatTrainsNormallyReleasesEveryBufferItAllocated() {
    List<ReplicaOutcome> out = new PackTrainer().train(
        Pack.of(run("a", 1, Activation.TANH, 0.05, 50), run("b", 1, Activation.TANH, 0.02, 50)));
    assertEquals(RunStatus.OK, out.get(0).status());
    // 12 buffers and 4 bound broadcast dimension lists.
    assertEquals(16, assertAllReleased());
  }

  /**
   * A deep gelu pack with momentum, decay and a schedule: layer, pre-activation, tanh, scratch
   * and velocity buffers all come from the arena and all go back, also when a replica diverges.
   */
  @Test
  void aDeepPackWithVelocitiesReleasesEveryBufferItAllocated() {
    ModelSpec deep = new ModelSpec(8, Activation.GELU, 1.0, true).withDepth(3);
    TrainSpec t = new TrainSpec(0.03, 8, 0.2, 60, 10, 1000.0).withOptimiser(0.9, 1e-3)
        .withSchedule(io.sweep.worker.spec.Sampling.WITH_REPLACEMENT,
            List.of(new io.sweep.worker.spec.Phase(30, null, 16, null, 0.5)));
    RunSpec calm = new RunSpec("calm", 4, deep, TestSpecs.data(5, 64, 40), t);
    RunSpec wild = new RunSpec("wild", 4, deep, TestSpecs.data(5, 64, 40),
        new TrainSpec(40, 8, 0.2, 60, 10, 1000.0).withOptimiser(0.9, 0)
            .withSchedule(io.sweep.worker.spec.Sampling.WITH_REPLACEMENT,
                List.of(new io.sweep.worker.spec.Phase(30, null, 16, null, null))));
    List<ReplicaOutcome> out = new PackTrainer().train(Pack.of(calm, wild));
    assertEquals(List.of(RunStatus.OK, RunStatus.DIVERGED),
        out.stream().map(ReplicaOutcome::status).toList());
    // Depth 3: w, b (2), z, h, delta, tanh u (3 each), spare, gelu scratch, a, c, x, out,
    // target, scaled, step scale, two ones vectors; velocities of w (3), b (2), a, c; 4 bound
    // broadcast dimension lists.
    assertEquals(3 + 2 + 12 + 2 + 9 + 7 + 4, assertAllReleased());
  }

  /** One replica diverges (lr 50), or both do (lr 50 and 30 for 1,000 steps). */
  static Stream<Arguments> divergingPacks() {
    return Stream.of(
        Arguments.of(0.05, 100L, RunStatus.OK, RunStatus.DIVERGED),
        Arguments.of(30.0, 1000L, RunStatus.DIVERGED, RunStatus.DIVERGED));
  }

  @ParameterizedTest
  @MethodSource("divergingPacks")
  void aPackWithDivergedReplicasReleasesEverything(
      double firstLr, long steps, RunStatus first, RunStatus second) {
    List<ReplicaOutcome> out = new PackTrainer().train(Pack.of(
        run("a", 7, Activation.RELU, firstLr, steps), run("b", 7, Activation.RELU, 50, steps)));
    assertEquals(List.of(first, second), out.stream().map(ReplicaOutcome::status).toList());
    assertAllReleased();
  }

  @Test
  void anExceptionInTheMiddleOfTrainingStillReleasesEverything() {
    RunSpec a = run("a", 3, Activation.LINEAR, 0.05, 100);
    RunSpec b = run("b", 3, Activation.LINEAR, 0.01, 100);
    IllegalStateException boom = new IllegalStateException("observer failed at step 30");
    TrainingObserver failing = (step, loss, parameters) -> {
      if (step == 30) {
        throw boom;
      }
    };
    TeacherStudent data = TeacherStudent.generate(a.data(), a.seed());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new PackTrainer().train(
            Pack.of(a, b), List.of(data, data), List.of(TrainingObserver.NONE, failing)));
    assertSame(boom, e);
    assertAllReleased();
  }

  @Test
  void aFailureWhileBuildingTheTensorsReleasesWhatWasAllocatedSoFar() {
    // A null activation fails after every buffer is allocated, before the kernels are bound.
    assertThrows(NullPointerException.class,
        () -> new PackTensors(2, 4, 3, 5, null, false, true, null));
    assertEquals(12, assertAllReleased());
  }

  @Test
  void tensorsRefuseToRunAfterCloseAndCloseTwiceIsHarmless() {
    PackTensors t = new PackTensors(2, 4, 3, 5, Activation.TANH, true, true, null);
    t.forward();
    t.close();
    t.close();
    assertTrue(t.isClosed());
    IllegalStateException e = assertThrows(IllegalStateException.class, t::forward);
    assertEquals("pack tensors used after close", e.getMessage());
    assertThrows(IllegalStateException.class, t::backward);
    assertThrows(IllegalStateException.class, () -> t.loadInputs(new float[4 * 4]));
    assertAllReleased();
  }

  @Test
  void aBufferReleasedTwiceFailsLoudlyAndAClosedArenaAllocatesNothing() {
    NativeArena arena = new NativeArena();
    NativeBuffer b = arena.zeros(3, 4);
    arena.adopt(Nd4j.createFromArray(1, 2));
    assertEquals(liveBefore + 2, NativeArena.live());
    arena.close();
    assertTrue(b.isReleased());
    IllegalStateException twice = assertThrows(IllegalStateException.class, b::release);
    assertEquals("native buffer of 12 floats released twice", twice.getMessage());
    assertThrows(IllegalStateException.class, () -> arena.zeros(2));
    assertEquals(2, assertAllReleased());
  }
}
