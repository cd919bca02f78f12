package io.sweep.driver.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sweep.driver.TestSweeps;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.worker.diagnose.DiagnosticsSpec;
import io.sweep.worker.pack.Pack;
import io.sweep.worker.run.RunResult;
import io.sweep.worker.run.Runner;
import io.sweep.worker.spec.RunStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spark adapter around the worker, called directly as an executor would call it, without
 * Spark: outside a task there is no fault injection, no GPU and no {@code SparkEnv} (no unit test
 * starts a SparkContext; Spark tests are {@code *IT}s in another JVM), so the task is exactly the
 * worker's pack function plus where it ran.
 */
class RunTaskTest {
  private static Pack pack;
  private static DiagnosticsSpec diagnostics;

  /** A pack of the tiny sweep, as the runner cuts it: 4 runs of one batch size, 2 seeds. */
  @BeforeAll
  static void planTheTinySweep() {
    SweepSettings settings = TestSweeps.settings(TestSweeps.tiny("task"));
    diagnostics = settings.diagnostics();
    List<Pack> packs = Pack.group(
        GridExpander.expand(settings).runs().stream().map(PlannedRun::spec).toList(), 64);
    assertEquals(2, packs.size());
    pack = packs.get(0);
    assertEquals(4, pack.size());
  }

  @Test
  void aTaskGivesTheWorkersResultOfEveryRunInThePacksOrder() {
    List<ExecutedRun> executed = execute(new RunTask(diagnostics));

    List<RunResult> worker = Runner.run(pack, diagnostics);
    assertEquals(pack.size(), executed.size());
    for (int r = 0; r < pack.size(); r++) {
      RunResult got = executed.get(r).result();
      assertEquals(pack.runs().get(r).runId(), got.runId());
      assertEquals(RunStatus.OK, got.status());
      assertSameNumbers(worker.get(r), got);
    }
  }

  @Test
  void outsideASparkTaskARunIsOnTheCpuOfAnUnknownExecutorWithNoGpuAssigned() {
    for (ExecutedRun run : execute(new RunTask(diagnostics))) {
      assertEquals("unknown", run.executor());
      assertEquals("cpu", run.device());
      assertNull(run.gpuAssigned());
    }
  }

  @Test
  void aTaskSentThroughJavaSerializationAsSparkSendsItGivesTheSameResults() throws Exception {
    RunTask task = new RunTask(diagnostics);

    List<ExecutedRun> here = execute(task);
    List<ExecutedRun> there = execute(serialized(task));

    for (int r = 0; r < pack.size(); r++) {
      assertSameNumbers(here.get(r).result(), there.get(r).result());
    }
  }

  private static List<ExecutedRun> execute(RunTask task) {
    List<ExecutedRun> executed = new ArrayList<>();
    task.call(pack).forEachRemaining(executed::add);
    return executed;
  }

  private static RunTask serialized(RunTask task) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(task);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (RunTask) in.readObject();
    }
  }

  /** The same pack on the same thread count gives the same result, bit for bit, but for its times. */
  private static void assertSameNumbers(RunResult expected, RunResult actual) {
    assertEquals(withoutTimes(expected), withoutTimes(actual));
  }

  private static RunResult withoutTimes(RunResult r) {
    return new RunResult(r.runId(), r.status(), r.error(), r.trainLoss(), r.testLoss(), r.stepsDone(),
        0, r.device(), 0, r.diagnostics(), r.trajectory(), r.trainer());
  }
}
