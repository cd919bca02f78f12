package io.sweep.worker.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.run.TestSpecs;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.ModelSpec;
import io.sweep.worker.spec.RunSpec;
import io.sweep.worker.spec.TrainSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PackTest {

  private static RunSpec run(String id, long seed, double lr) {
    return new RunSpec(
        id, seed, new ModelSpec(16, Activation.RELU, 1.0, true), TestSpecs.data(5, 64, 20),
        new TrainSpec(lr, 8, 0.0, 100, 10, 1000.0));
  }

  private static RunSpec withModel(RunSpec r, ModelSpec m) {
    return new RunSpec(r.runId(), r.seed(), m, r.data(), r.train());
  }

  private static RunSpec withTrain(RunSpec r, TrainSpec t) {
    return new RunSpec(r.runId(), r.seed(), r.model(), r.data(), t);
  }

  @Test
  void runsDifferingOnlyInSeedLrNoiseInitScaleAndDivergenceFactorAreCompatible() {
    RunSpec a = run("a", 1, 0.1);
    RunSpec b = new RunSpec(
        "b", 2, new ModelSpec(16, Activation.RELU, 0.3, true), a.data(),
        new TrainSpec(0.02, 8, 1.5, 100, 10, 50.0));
    assertTrue(Pack.compatible(a, b));
    assertFalse(Pack.fusable(a, b), "different seeds");
    assertTrue(Pack.fusable(a, run("c", 1, 0.5)));
  }

  @Test
  void runsDifferingInAnyShapeOrScheduleAreNotCompatible() {
    RunSpec a = run("a", 1, 0.1);
    TrainSpec t = a.train();
    List<RunSpec> others = List.of(
        withModel(a, new ModelSpec(8, Activation.RELU, 1.0, true)),
        withModel(a, new ModelSpec(16, Activation.TANH, 1.0, true)),
        withModel(a, new ModelSpec(16, Activation.RELU, 1.0, false)),
        new RunSpec("x", 1, a.model(), TestSpecs.data(6, 64, 20), t),
        new RunSpec("x", 1, a.model(), TestSpecs.data(5, 65, 20), t),
        new RunSpec("x", 1, a.model(), TestSpecs.data(5, 64, 21), t),
        withTrain(a, new TrainSpec(0.1, 4, 0.0, 100, 10, 1000.0)),
        withTrain(a, new TrainSpec(0.1, 8, 0.0, 101, 10, 1000.0)),
        withTrain(a, new TrainSpec(0.1, 8, 0.0, 100, 5, 1000.0)));
    for (RunSpec o : others) {
      assertFalse(Pack.compatible(a, o), o.toString());
    }
  }

  @Test
  void aPackRefusesIncompatibleRunsAndIsFusedOnlyWithOneSeed() {
    RunSpec a = run("a", 1, 0.1);
    RunSpec wide = withModel(run("w", 1, 0.1), new ModelSpec(8, Activation.RELU, 1.0, true));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pack.of(a, wide));
    assertTrue(e.getMessage().startsWith("run w cannot share a pack with run a: "), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Pack(List.of()));
    assertTrue(Pack.of(a, run("b", 1, 0.2)).fused());
    assertFalse(Pack.of(a, run("b", 2, 0.2)).fused());
  }

  @Test
  void groupingPutsEveryRunInExactlyOnePackOfCompatibleRunsAndIsDeterministic() {
    List<RunSpec> runs = new ArrayList<>();
    for (int seed = 0; seed < 3; seed++) {
      for (int i = 0; i < 7; i++) {
        runs.add(run("s" + seed + "-" + i, seed, 0.01 * (i + 1)));
      }
    }
    runs.add(withModel(run("tanh", 0, 0.1), new ModelSpec(16, Activation.TANH, 1.0, true)));
    runs.add(run("s9", 9, 0.1));

    List<Pack> packs = Pack.group(runs, 4);
    assertEquals(packs, Pack.group(runs, 4));
    Set<String> seen = new HashSet<>();
    for (Pack p : packs) {
      assertTrue(p.size() <= 4);
      for (RunSpec r : p.runs()) {
        assertTrue(seen.add(r.runId()), "twice: " + r.runId());
      }
    }
    assertEquals(runs.size(), seen.size());
    // Each seed's 7 runs: one full fused pack of 4, then 3 (>= 4/2) as a fused pack of their own;
    // seed 9's single run is pooled alone; the tanh run is a group of its own.
    assertEquals(List.of(4, 3, 4, 3, 4, 3, 1, 1), packs.stream().map(Pack::size).toList());
    assertTrue(packs.stream().allMatch(Pack::fused));
    assertEquals("s0-0", packs.get(0).first().runId());
    assertEquals("s0-4", packs.get(1).first().runId());
  }

  @Test
  void smallRemaindersOfSeveralSeedsArePooledIntoMixedPacks() {
    List<RunSpec> runs = new ArrayList<>();
    for (int seed = 0; seed < 5; seed++) {
      runs.add(run("s" + seed + "-a", seed, 0.1));
      runs.add(run("s" + seed + "-b", seed, 0.2));
    }
    List<Pack> packs = Pack.group(runs, 8);
    assertEquals(List.of(8, 2), packs.stream().map(Pack::size).toList());
    assertFalse(packs.get(0).fused());
    assertEquals(List.of("s0-a", "s0-b", "s1-a", "s1-b"),
        packs.get(0).runs().subList(0, 4).stream().map(RunSpec::runId).toList());
  }

  @Test
  void groupingRejectsANonPositiveMaximum() {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> Pack.group(List.of(run("a", 1, 0.1)), 0));
    assertEquals("maxReplicas must be >= 1, got 0", e.getMessage());
  }
}
