package io.sweep.worker.run;

import static io.sweep.worker.run.TestSpecs.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.diagnose.DiagnosticsSpec;
import io.sweep.worker.pack.Pack;
import io.sweep.worker.pack.PackTrainer;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.Teacher;
import io.sweep.worker.spec.TrainSpec;
import io.sweep.worker.spec.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A pack's runs diagnosed with spare cores helping (the tail of a sweep) give bitwise the results
 * of the pack diagnosed on its own thread: every thread has its own scratch, and the trajectory
 * is complete before any helper reads it.
 */
class RunnerSpareCoresTest {
  private static final DiagnosticsSpec SPEC = new DiagnosticsSpec(0.1, 0.1, 1e-3, 32, 0, 10); // estimated: the Jacobian path

  @Test
  void helpedDiagnosticsEqualTheSerialOnes() {
    List<RunSpec> runs = new ArrayList<>();
    for (int r = 0; r < 24; r++) {
      runs.add(small("run-" + r, r % 3, 0.1 * (r % 4))); // three seeds: shared data sets
    }
    assertHelpedEqualsAlone(new Pack(runs));
  }

  /**
   * At the bench's shape (width 64, d 20, n 256) a run's end-of-run diagnostics take milliseconds,
   * so the pack's thread and its helpers are inside them at the same time: scratch shared between
   * threads (one Jacobian array, one map of fits) shows up as different numbers or failed runs.
   */
  @Test
  void helpedDiagnosticsEqualTheSerialOnesWhenThreadsOverlap() {
    List<RunSpec> runs = new ArrayList<>();
    for (int r = 0; r < 32; r++) {
      runs.add(new RunSpec("run-" + r, r % 2, new ModelSpec(64, Activation.RELU, 1.0, true),
          new DataSpec(20, Teacher.LINEAR, 0.1, 256, 256, 1),
          new TrainSpec(0.005 * (1 + r % 4), 16, 0.1 * (r % 4), 40, 20, 1000.0)));
    }
    assertHelpedEqualsAlone(new Pack(runs));
  }

  private static void assertHelpedEqualsAlone(Pack pack) {
    List<RunResult> alone = run(pack, 1);
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      SpareCores cores = new SpareCores(pool);
      cores.slots(4);
      List<RunResult> helped = Runner.run(pack, SPEC, training(), reference(), cores);
      assertTrue(cores.helped() > 0, "spare cores diagnosed some of the runs");
      assertEquals(alone.size(), helped.size());
      for (int r = 0; r < alone.size(); r++) {
        RunResult a = alone.get(r);
        RunResult h = helped.get(r);
        assertEquals(RunStatus.OK, a.status(), a.error());
        assertEquals(RunStatus.OK, h.status(), h.error());
        assertEquals(a.runId(), h.runId(), "in the pack's order");
        assertEquals(a.diagnostics(), h.diagnostics(), a.runId());
        assertEquals(a.trajectory(), h.trajectory(), a.runId());
        assertEquals(a.trainLoss(), h.trainLoss());
        assertEquals(a.testLoss(), h.testLoss());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<RunResult> run(Pack pack, int slots) {
    SpareCores cores = new SpareCores(Runnable::run);
    cores.slots(slots);
    List<RunResult> results = Runner.run(pack, SPEC, training(), reference(), cores);
    assertEquals(0, cores.helped());
    return results;
  }

  private static Runner.PackTraining training() {
    PackTrainer trainer = new PackTrainer();
    return trainer::train;
  }

  private static Runner.Training reference() {
    return (s, d, o) -> {
      throw new AssertionError("no reference training expected");
    };
  }
}
