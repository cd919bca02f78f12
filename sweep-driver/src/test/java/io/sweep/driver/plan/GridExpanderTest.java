package io.sweep.driver.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.UserError;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.SweepFiles;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.config.Values;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.Teacher;
import io.sweep.worker.spec.LabelLaw;
import io.sweep.worker.spec.InputLaw;
import io.sweep.worker.spec.DataLaws;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridExpanderTest {
  /** Written with the seed first and sections in an unusual order, to show order does not matter. */
  private static final String SMALL =
      """
      sweep {
        name = small
        train { steps = 50, log-every = 10 }
        grid {
          seed = [0, 1, 2]
          batch-size = [4, 8]
          lr = [0.1, 0.2]
        }
        data { samples = 16, input-dim = 4 }
        model { width = 8 }
      }
      """;

  /** The same sweep as {@link #SMALL}: other key order, other number spelling, same runs. */
  private static final String SMALL_RESPELT =
      """
      sweep {
        model { width = 8.0 }
        data { input-dim = 4, samples = 16 }
        grid {
          lr = [1e-1, 0.20]
          batch-size = [4, 8]
          seed = [0, 1, 2]
        }
        train { log-every = 10, steps = 5e1 }
        name = small
      }
      """;

  @TempDir Path dir;

  private SweepPlan plan(String text, String... overrides) {
    return GridExpander.expand(SweepFiles.parseText(dir, text, overrides));
  }

  private static List<String> ids(SweepPlan plan) {
    return plan.runs().stream().map(PlannedRun::runId).toList();
  }

  // ------------------------------------------------------------------ shape and order

  @Test
  void thePlanHasOneRunPerCellOfTheGrid() {
    SweepSettings quickstart = SweepFiles.parse(SweepFiles.quickstart());

    assertEquals(24, GridExpander.expand(quickstart).runs().size());
    assertEquals(2 * 2 * 3, plan(SMALL).runs().size());
    assertEquals(1, plan("sweep { name = one }\n").runs().size());
  }

  @Test
  void runsGoInParameterOrderWithTheLastAxisTheSeedFastest() {
    List<String> order =
        plan(SMALL).runs().stream()
            .map(r -> Values.canonical(r.values().get(Parameter.LR))
                + "/" + r.values().get(Parameter.BATCH_SIZE)
                + "/" + r.values().get(Parameter.SEED))
            .toList();

    assertEquals(
        List.of(
            "0.1/4/0", "0.1/4/1", "0.1/4/2",
            "0.1/8/0", "0.1/8/1", "0.1/8/2",
            "0.2/4/0", "0.2/4/1", "0.2/4/2",
            "0.2/8/0", "0.2/8/1", "0.2/8/2"),
        order);
  }

  @Test
  void theFirstRunHasTheFirstValueOfEveryAxisAndTheFixedSettingsForTheRest() {
    PlannedRun first = plan(SMALL).runs().get(0);

    assertEquals(0.1, first.values().get(Parameter.LR));
    assertEquals(4, first.values().get(Parameter.BATCH_SIZE));
    assertEquals(0, first.values().get(Parameter.SEED));
    assertEquals(8, first.values().get(Parameter.WIDTH));
    assertEquals(16, first.values().get(Parameter.SAMPLES));
    assertEquals(50L, first.values().get(Parameter.STEPS));
    assertEquals(0.0, first.values().get(Parameter.LABEL_NOISE));
  }

  @Test
  void everyRunHasAValueForEveryParameter() {
    for (PlannedRun run : plan(SMALL).runs()) {
      assertEquals(EnumSet.allOf(Parameter.class), run.values().keySet());
    }
  }

  @Test
  void eachSpecCarriesItsRunsValues() {
    SweepPlan plan =
        plan(SMALL, "sweep.grid.activation=[relu,tanh]", "sweep.train.label-noise=0.3");

    assertEquals(24, plan.runs().size());
    for (PlannedRun run : plan.runs()) {
      Map<Parameter, Object> v = run.values();
      RunSpec spec = run.spec();
      assertEquals(run.runId(), spec.runId());
      assertEquals(((Integer) v.get(Parameter.SEED)).longValue(), spec.seed());
      assertEquals(v.get(Parameter.LR), spec.train().lr());
      assertEquals(v.get(Parameter.BATCH_SIZE), spec.train().batchSize());
      assertEquals(0.3, spec.train().labelNoise());
      assertEquals(50L, spec.train().steps());
      assertEquals(10, spec.train().logEvery());
      assertEquals(1000.0, spec.train().divergenceFactor());
      assertEquals(8, spec.model().width());
      assertEquals(Activation.parse((String) v.get(Parameter.ACTIVATION)), spec.model().activation());
      assertEquals(1.0, spec.model().initScale());
      assertEquals(false, spec.model().bias());
      assertEquals(4, spec.data().inputDim());
      assertEquals(Teacher.LINEAR, spec.data().teacher());
      assertEquals(0.0, spec.data().dataNoise());
      assertEquals(16, spec.data().samples());
      assertEquals(1000, spec.data().testSamples());
    }
    assertEquals(
        List.of(Activation.RELU, Activation.TANH),
        plan.runs().stream().map(r -> r.spec().model().activation()).distinct().toList());
    assertEquals(
        List.of(0L, 1L, 2L),
        plan.runs().stream().map(r -> r.spec().seed()).distinct().sorted().toList());
  }

  /** Gatmiry's data: U[0, 1]³ inputs, 5·U(−1, 1) labels; every law reaches the worker's spec. */
  @Test
  void theDataLawsReachTheSpecAndTheirNeutralValuesKeepTheIds() {
    SweepPlan gatmiry = plan(SMALL, "sweep.data.inputs=uniform01", "sweep.data.labels=uniform",
        "sweep.data.label-scale=5", "sweep.data.input-shift=0.5", "sweep.data.constant-input=true",
        "sweep.data.teacher-offset=-1", "sweep.data.teacher=sparse",
        "sweep.data.teacher-sparsity=2", "sweep.data.teacher-activation=tanh");
    DataLaws expected = new DataLaws(InputLaw.UNIFORM01, 0.5, true, 2, Activation.TANH, -1,
        LabelLaw.UNIFORM, 5);
    for (PlannedRun run : gatmiry.runs()) {
      assertEquals(expected, run.spec().data().laws());
      assertEquals(Teacher.SPARSE, run.spec().data().teacher());
    }
    SweepPlan neutral = plan(SMALL, "sweep.data.inputs=gaussian", "sweep.data.labels=teacher",
        "sweep.data.label-scale=1", "sweep.data.input-shift=0", "sweep.data.constant-input=false",
        "sweep.data.teacher-offset=0", "sweep.data.teacher-sparsity=0",
        "sweep.data.teacher-activation=RELU");
    assertEquals(ids(plan(SMALL)), ids(neutral));
    for (PlannedRun run : neutral.runs()) {
      assertEquals(DataLaws.NEUTRAL, run.spec().data().laws());
    }
    Set<String> all = new HashSet<>(ids(plan(SMALL)));
    for (String[] one : new String[][] {{"sweep.data.inputs=sphere"},
        {"sweep.data.input-shift=0.1"}, {"sweep.data.constant-input=true"},
        {"sweep.data.teacher-offset=0.1"}, {"sweep.data.labels=uniform"},
        {"sweep.data.label-scale=2"}, {"sweep.data.teacher-activation=tanh"},
        {"sweep.data.teacher=sparse", "sweep.data.teacher-sparsity=1"}}) {
      for (String id : ids(plan(SMALL, one))) {
        assertTrue(all.add(id), "a non-neutral law changes the run id: " + String.join(", ", one));
      }
    }
    SweepPlan axes = plan(SMALL, "sweep.grid.inputs=[gaussian,sphere,uniform01,uniform-pm1]");
    assertEquals(48, axes.runs().size());
    assertEquals(List.of(InputLaw.values()),
        axes.runs().stream().map(r -> r.spec().data().laws().inputs()).distinct().toList());
  }

  @Test
  void pendingRunsAreThoseNotInTheStoreInPlanOrder() {
    SweepPlan plan = plan(SMALL);
    List<String> ids = ids(plan);

    List<PlannedRun> pending = plan.pending(Set.of(ids.get(0), ids.get(5), "not-a-run"));

    assertEquals(10, pending.size());
    assertEquals(ids.get(1), pending.get(0).runId());
    assertEquals(ids.get(11), pending.get(9).runId());
  }

  @Test
  void aGridTooLargeToPlanIsAUserError() {
    UserError e =
        assertThrows(
            UserError.class,
            () -> plan(
                """
                sweep {
                  name = huge
                  grid {
                    lr = {from = 0.001, to = 1, count = 1000, scale = log}
                    label-noise = {from = 0, to = 1, count = 1000}
                    seed = {from = 0, to = 2999, count = 3000}
                  }
                }
                """));

    assertEquals(
        "sweep huge has 3000000000 runs, more than can be planned (2147483639); shrink the grid",
        e.getMessage());
  }

  // ------------------------------------------------------------------ run ids

  @Test
  void runIdsAreSixteenLowercaseHexDigitsAndUniqueInAPlan() {
    List<String> ids = ids(GridExpander.expand(SweepFiles.parse(SweepFiles.quickstart())));

    for (String id : ids) {
      assertTrue(id.matches("[0-9a-f]{16}"), id);
    }
    assertEquals(ids.size(), new HashSet<>(ids).size());
  }

  @Test
  void runIdsAreTheSameEveryTimeTheSweepIsPlanned() {
    assertEquals(ids(plan(SMALL)), ids(plan(SMALL)));
  }

  @Test
  void runIdsDoNotDependOnKeyOrderOrNumberSpelling() {
    assertEquals(ids(plan(SMALL)), ids(plan(SMALL_RESPELT)));
  }

  @Test
  void runIdsDoNotDependOnWhetherValuesComeFromARangeOrAList() {
    String list = "sweep { name = r, grid { lr = [0.001, 0.01, 0.1, 1] } }\n";
    String range = "sweep { name = r, grid { lr = {from = 1e-3, to = 1, count = 4, scale = log} } }\n";

    assertEquals(ids(plan(list)), ids(plan(range)));
  }

  @Test
  void runIdsDoNotDependOnWhetherAValueIsFixedOrAnAxisOfOne() {
    assertEquals(
        ids(plan("sweep { name = w, model { width = 16 } }\n")),
        ids(plan("sweep { name = w, grid { width = [16] } }\n")));
  }

  @Test
  void runIdsDifferBetweenSweepsOfTheSameGrid() {
    List<String> small = ids(plan(SMALL));
    List<String> other = ids(plan(SMALL, "sweep.name=other"));

    Set<String> shared = new HashSet<>(small);
    shared.retainAll(other);
    assertEquals(Set.of(), shared);
  }

  @Test
  void runIdsChangeWhenAnySingleParameterChanges() {
    PlannedRun run = plan(SMALL).runs().get(0);
    String id = RunIds.of("small", run.values());

    assertEquals(run.runId(), id);
    for (Parameter p : Parameter.values()) {
      Map<Parameter, Object> changed = new EnumMap<>(run.values());
      Object v = changed.get(p);
      changed.put(
          p,
          switch (p.type()) {
            case INT -> (Integer) v + 1;
            case LONG -> (Long) v + 1;
            case DOUBLE -> (Double) v + 0.5;
            case BOOLEAN -> !(Boolean) v;
            case STRING -> v + "-other";
          });
      assertNotEquals(id, RunIds.of("small", changed), p.key());
    }
  }

  @Test
  void aRunWithoutEveryParameterHasNoId() {
    Map<Parameter, Object> values = new EnumMap<>(plan(SMALL).runs().get(0).values());
    values.remove(Parameter.TEACHER);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RunIds.of("small", values));
    assertEquals("run has no value for teacher", e.getMessage());
  }

  /**
   * Pins the run ids of a fixed sweep. A store resumes a sweep by these ids: if this test fails,
   * the id scheme (canonical text, number format, parameter set or hash) has changed, and every
   * existing store will re-run every run of a resumed sweep. Change the pinned values only on
   * purpose, and say so in the release notes.
   */
  @Test
  void runIdsArePinnedBecauseStoresResumeByThem() throws URISyntaxException {
    Path golden = Path.of(getClass().getResource("/config/golden-ids.conf").toURI());

    SweepPlan plan = GridExpander.expand(SweepFiles.parse(golden));

    assertEquals(
        """
        sweep=golden
        lr=0.01
        batch-size=8
        label-noise=0
        samples=16
        width=8
        activation=relu
        init-scale=1
        bias=false
        input-dim=4
        teacher=linear
        teacher-width=4
        data-noise=0
        test-samples=64
        type=teacher-student
        steps=60
        log-every=20
        divergence-factor=1000
        seed=0
        """,
        RunIds.canonicalText(plan.name(), plan.runs().get(0).values()));
    assertEquals(
        List.of(
            "0.01/0=6730acd1090ebdbf",
            "0.01/1=0e765ef23ea3a57f",
            "0.1/0=23ce324b258a1d7d",
            "0.1/1=91a4c7c95e32569d"),
        plan.runs().stream()
            .map(r -> Values.canonical(r.values().get(Parameter.LR))
                + "/" + r.values().get(Parameter.SEED) + "=" + r.runId())
            .collect(Collectors.toList()));
  }
}
