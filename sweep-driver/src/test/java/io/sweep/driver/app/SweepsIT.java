package io.sweep.driver.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.TestSpark;
import io.sweep.driver.TestSweeps;
import io.sweep.driver.config.ConfigLoader;
import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.phase.Aggregation;
import io.sweep.driver.refine.RefineResult;
import io.sweep.worker.spec.RunStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application layer without the CLI: what `run` and `refine` do, called as the notebooks call
 * it — plan, run, resume, refuse or version a changed file, read the stored settings back, refine.
 */
class SweepsIT {

  @TempDir Path dir;

  private Sweeps sweeps() {
    EngineSettings engine = SettingsParser.engine(ConfigLoader.load(null, List.of()))
        .withStore(dir.resolve("store").toString());
    return Sweeps.open(TestSpark.session(), engine);
  }

  @Test
  void aSweepRunsOnceThenResumesWithNothingToDo() {
    Sweeps sweeps = sweeps();
    SweepSettings tiny = TestSweeps.settings(TestSweeps.tiny("app"));
    Launch first = sweeps.prepare(tiny, null);
    assertEquals(8, first.pending().size());
    assertEquals(0, first.stored());
    assertFalse(first.newVersion());
    AtomicInteger progress = new AtomicInteger();
    Outcome done = sweeps.run(first, progress::addAndGet);
    assertEquals(8, done.ran());
    assertEquals(8, progress.get());
    assertEquals(8, done.count(RunStatus.OK));
    assertTrue(done.seconds() > 0);

    Launch again = sweeps.prepare(tiny, null);
    assertEquals(0, again.pending().size());
    assertEquals(8, again.stored());
  }

  @Test
  void aChangedFileIsAConflictUnlessItRunsAsANewVersion() {
    Sweeps sweeps = sweeps();
    String text = TestSweeps.tiny("changing");
    sweeps.run(sweeps.prepare(TestSweeps.settings(text), null), n -> {});
    SweepSettings changed = TestSweeps.settings(text.replace("steps = 60", "steps = 80"));

    SweepConflict conflict = assertThrows(SweepConflict.class, () -> sweeps.prepare(changed, null));
    assertEquals("changing", conflict.sweep());
    assertEquals(1, conflict.conflicts().size());
    assertTrue(conflict.conflicts().get(0).contains("steps"), conflict.conflicts().toString());

    Launch versioned = sweeps.prepare(changed,
        name -> TestSweeps.settings(text.replace("steps = 60", "steps = 80")
            .replace("name = changing", "name = \"" + name + "\"")));
    assertTrue(versioned.newVersion());
    assertEquals("changing.v2", versioned.plan().name());
    assertEquals(8, versioned.pending().size());
  }

  @Test
  void storedSettingsAreTheOnesTheSweepRanWith() {
    Sweeps sweeps = sweeps();
    SweepSettings tiny = TestSweeps.settings(TestSweeps.tiny("stored"));
    sweeps.run(sweeps.prepare(tiny, null), n -> {});
    SweepSettings back = sweeps.storedSettings("stored", List.of());
    assertEquals(tiny.name(), back.name());
    // Same axes and values (their origins differ: the file's lines vs the stored text's).
    assertEquals(tiny.axes().stream().map(a -> a.parameter() + "=" + a.values()).toList(),
        back.axes().stream().map(a -> a.parameter() + "=" + a.values()).toList());
    assertEquals(tiny.base(), back.base());
  }

  @Test
  void aRefinementIsResolvedBeforeItRunsAndAddsRunsOfTheSameSweep() {
    Sweeps sweeps = sweeps();
    sweeps.run(sweeps.prepare(TestSweeps.settings(TestSweeps.tiny("refined")), null), n -> {});
    Refinement r = sweeps.refinement(new RefineRequest("refined", "lr", "train_loss < 0.5",
        Aggregation.FRACTION, 0.5, 4, 0.05, null), List.of());
    assertEquals(Aggregation.FRACTION, r.settings().agg());
    assertEquals(List.of(Parameter.BATCH_SIZE), r.cellAxes());
    assertEquals(4, r.settings().maxSeeds()); // twice the sweep's 2 seeds
    AtomicInteger ran = new AtomicInteger();
    RefineResult result = r.run(ran::addAndGet, line -> {});
    assertEquals(result.newRuns(), ran.get());
    assertTrue(result.newRuns() <= 4);
  }
}
