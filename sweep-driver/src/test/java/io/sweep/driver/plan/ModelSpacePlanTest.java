package io.sweep.driver.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.TestSweeps;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.SweepSettings;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.Init;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.OutputInit;
import io.sweep.worker.spec.Phase;
import io.sweep.worker.spec.Sampling;
import io.sweep.worker.spec.TrainSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The model space of the sweep file (depth, init, output init, frozen output, momentum, weight
 * decay, sampling, {@code batch-size = full}, {@code train.schedule} and its phase axes) at the
 * level of the plan: the specs the runs get, the values their rows record, and their ids. Nothing
 * is trained (the trainers learn these models elsewhere).
 */
class ModelSpacePlanTest {

  /** A sweep of 8 runs of release 0.1.0's model space, with {@code extra} added to its blocks. */
  private static String sweep(String model, String train, String grid) {
    return """
        sweep {
          name = space
          grid { lr = [0.02, 0.05], samples = [16, 32], seed = [0, 1] %s }
          model { width = 8 %s }
          data { input-dim = 4, test-samples = 64 }
          train { steps = 60, log-every = 20, batch-size = 8 %s }
        }
        """.formatted(grid, model, train);
  }

  private static List<PlannedRun> runs(String text) {
    return GridExpander.expand(TestSweeps.settings(text)).runs();
  }

  private static List<String> ids(String text) {
    return runs(text).stream().map(PlannedRun::runId).toList();
  }

  @Test
  void everyNewParameterAtItsNeutralValueKeepsTheIdOfRelease010() {
    List<String> plain = ids(sweep("", "", ""));
    List<String> explicit = ids(sweep(
        ", depth = 1, init = lecun, output-init = random, train-output = true",
        ", momentum = 0, weight-decay = 0.0, sampling = without-replacement, schedule = []", ""));
    assertEquals(plain, explicit);
    // the hashed text is release 0.1.0's: only its parameters, none of the later ones
    String text = RunIds.canonicalText("space", runs(sweep("", "", "")).get(0).values());
    for (Parameter p : Parameter.addedLater()) {
      assertFalse(text.contains("\n" + p.key() + "="), text);
    }
    assertEquals(RunIdsTest.RELEASE_010.size() + 1, text.lines().count(), text);
    // the text release 0.1.0 hashed for this run, line by line, and the id is its hash
    assertEquals("""
        sweep=space
        lr=0.02
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
        """, text);
    assertEquals(RunIds.hash(text), plain.get(0));
  }

  @Test
  void eachNewParameterAwayFromNeutralGivesOtherIds() {
    Map<String, String[]> variants = Map.of(
        "depth", new String[] {", depth = 2", ""},
        "init", new String[] {", init = balanced", ""},
        "output-init", new String[] {", output-init = ones", ""},
        "train-output", new String[] {", train-output = false", ""},
        "momentum", new String[] {"", ", momentum = 0.9"},
        "weight-decay", new String[] {"", ", weight-decay = 1e-4"},
        "sampling", new String[] {"", ", sampling = with-replacement"},
        "batch-size = full", new String[] {"", ", batch-size = full"},
        "schedule", new String[] {"", ", schedule = [{at = 30, lr = 0.01}]"});
    Set<String> all = new HashSet<>(ids(sweep("", "", "")));
    for (Map.Entry<String, String[]> v : variants.entrySet()) {
      List<String> ids = ids(sweep(v.getValue()[0], v.getValue()[1], ""));
      assertEquals(8, ids.size());
      for (String id : ids) {
        assertTrue(all.add(id), v.getKey() + " gave an id another run already has: " + id);
      }
    }
  }

  @Test
  void theSpecCarriesEveryNewSetting() {
    PlannedRun run = runs(sweep(
        ", activation = softplus, depth = 3, init = lecun, output-init = ones-over-width, train-output = false",
        ", momentum = 0.9, weight-decay = 1e-4, sampling = with-replacement", "")).get(0);
    ModelSpec m = run.spec().model();
    assertEquals(new ModelSpec(8, Activation.SOFTPLUS, 1.0, false, 3, Init.LECUN,
        OutputInit.ONES_OVER_WIDTH, false), m);
    TrainSpec t = run.spec().train();
    assertEquals(0.9, t.momentum());
    assertEquals(1e-4, t.weightDecay());
    assertEquals(Sampling.WITH_REPLACEMENT, t.sampling());
    assertEquals(List.of(), t.schedule());
    assertEquals(3, run.values().get(Parameter.DEPTH));
    assertEquals("ones-over-width", run.values().get(Parameter.OUTPUT_INIT));
    assertEquals("with-replacement", run.values().get(Parameter.SAMPLING));
    assertEquals(false, run.values().get(Parameter.TRAIN_OUTPUT));
  }

  @Test
  void newSettingsAreAxesToo() {
    List<PlannedRun> runs = runs(sweep("", "",
        ", depth = [1, 2], activation = [gelu, cubic], init = [lecun, balanced], momentum = [0, 0.5]"));
    assertEquals(8 * 16, runs.size());
    assertEquals(Set.of(1, 2), runs.stream().map(r -> r.spec().model().depth()).collect(java.util.stream.Collectors.toSet()));
    assertEquals(Set.of(Init.LECUN, Init.BALANCED),
        runs.stream().map(r -> r.spec().model().init()).collect(java.util.stream.Collectors.toSet()));
    assertEquals(Set.of(0.0, 0.5),
        runs.stream().map(r -> r.spec().train().momentum()).collect(java.util.stream.Collectors.toSet()));
    // seeds still vary fastest: the new parameters sit before seed in the canonical order
    assertEquals(0, runs.get(0).values().get(Parameter.SEED));
    assertEquals(1, runs.get(1).values().get(Parameter.SEED));
    assertEquals(runs.get(0).values().get(Parameter.MOMENTUM), runs.get(1).values().get(Parameter.MOMENTUM));
  }

  @Test
  void fullBatchIsEachRunsSampleCountAndRecordedAsSuch() {
    List<PlannedRun> runs = runs(sweep("", "", ", batch-size = [8, full]"));
    assertEquals(16, runs.size());
    for (PlannedRun r : runs) {
      int n = r.spec().data().samples();
      boolean full = (Boolean) r.values().get(Parameter.FULL_BATCH);
      int b = r.spec().train().batchSize();
      assertEquals(full ? n : 8, b);
      assertEquals(b, r.values().get(Parameter.BATCH_SIZE));
    }
    // full at n = 16 trains as batch 16 would, but is recorded as full and has its own id
    PlannedRun full16 = runs.stream().filter(r -> (Boolean) r.values().get(Parameter.FULL_BATCH)
        && r.spec().data().samples() == 16).findFirst().orElseThrow();
    PlannedRun explicit16 = runs(sweep("", "", ", batch-size = [16]")).stream()
        .filter(r -> r.spec().data().samples() == 16
            && r.values().get(Parameter.LR).equals(full16.values().get(Parameter.LR))
            && r.values().get(Parameter.SEED).equals(full16.values().get(Parameter.SEED)))
        .findFirst().orElseThrow();
    assertEquals(explicit16.spec().train().batchSize(), full16.spec().train().batchSize());
    assertNotEquals(explicit16.runId(), full16.runId());
    assertTrue(RunIds.canonicalText("space", full16.values()).contains("\nfull-batch=true\n"));
    assertEquals(false, explicit16.values().get(Parameter.FULL_BATCH));
  }

  @Test
  void chenFigure6LargeThenSmallStepSizeWithT1AsAnAxisThenNoiselessFullBatchGd() {
    String text = sweep("", ", steps = 400, label-noise = 0.5, schedule = ["
            + "{at = 100, lr = 0.005}, {at = 390, label-noise = 0, batch-size = full}]",
        ", schedule-1-at = [50, 100, 200]");
    SweepSettings s = TestSweeps.settings(text);
    assertEquals(List.of("lr", "samples", "schedule-1-at", "seed"),
        s.axes().stream().map(a -> a.name()).toList());
    List<PlannedRun> runs = GridExpander.expand(s).runs();
    assertEquals(8 * 3, runs.size());
    PlannedRun r = runs.stream().filter(x -> x.spec().data().samples() == 32
        && x.spec().train().schedule().get(0).at() == 200).findFirst().orElseThrow();
    assertEquals(List.of(new Phase(200, 0.005, null, null, null), new Phase(390, null, 32, 0.0, null)),
        r.spec().train().schedule());
    assertEquals("[{\"at\":200,\"lr\":0.005},{\"at\":390,\"batch-size\":\"full\",\"label-noise\":0}]",
        r.values().get(Parameter.SCHEDULE));
    // the last 10 steps are full-batch gradient descent without label noise
    assertEquals(32, r.spec().train().at(391).batchSize());
    assertEquals(0.0, r.spec().train().at(391).labelNoise());
    assertEquals(0.5, r.spec().train().at(390).labelNoise());
    assertEquals(0.005, r.spec().train().at(201).lr());
    assertEquals(0.02, r.spec().train().at(200).lr());
    // a stored run comes back with the same id (refinement re-plans runs from their row values)
    assertEquals(r.runId(), GridExpander.variant(s, r.values()).runId());
  }

  @Test
  void aPhaseAxisMaySetAKnobThePhaseDoesNotName() {
    List<PlannedRun> runs = runs(sweep("", ", schedule = [{at = 30}]", ", schedule-1-lr = [0.01, 0.001]"));
    assertEquals(16, runs.size());
    assertEquals(Set.of(0.01, 0.001), runs.stream()
        .map(r -> r.spec().train().schedule().get(0).lr()).collect(java.util.stream.Collectors.toSet()));
    assertNull(runs.get(0).spec().train().schedule().get(0).batchSize());
  }

  @Test
  void aFullBatchRunPlannedAgainFromItsRowGetsItsIdBackAtAnotherSampleCount() {
    SweepSettings s = TestSweeps.settings(sweep("", "", ", batch-size = [8, full]"));
    PlannedRun stored = GridExpander.expand(s).runs().stream()
        .filter(r -> (Boolean) r.values().get(Parameter.FULL_BATCH)).findFirst().orElseThrow();
    assertEquals(stored.runId(), GridExpander.variant(s, stored.values()).runId());
    // refining samples: the batch follows the new n
    Map<Parameter, Object> given = new java.util.EnumMap<>(stored.values());
    given.put(Parameter.SAMPLES, 24);
    PlannedRun refined = GridExpander.variant(s, given);
    assertEquals(24, refined.spec().train().batchSize());
    assertEquals(24, refined.values().get(Parameter.BATCH_SIZE));
  }
}
