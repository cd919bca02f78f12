package io.sweep.driver.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.config.Axis;
import io.sweep.driver.config.ConfigLoader;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.Schedule;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.config.SweepFiles;
import io.sweep.driver.config.SweepSettings;
import io.sweep.worker.pack.Pack;
import io.sweep.worker.spec.RunSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streamed plan — runs built on demand from their grid index ({@link GridExpander#expand}),
 * packs as indices built at submission ({@link PackPlan}) — gives exactly what the eager
 * expansion of every run gave: the same runs in the same order, and the same packs, run for run,
 * in the same submission order, on every shipped sweep and on random grids, for the whole plan
 * and for a resumed one.
 */
class StreamedPlanTest {
  @TempDir Path dir;

  /** The oracle: every run expanded up front with an odometer over the axes, as before #17. */
  static List<PlannedRun> eager(SweepSettings settings) {
    List<Axis> axes = settings.axes();
    List<PlannedRun> runs = new ArrayList<>();
    int[] index = new int[axes.size()];
    for (long r = 0; r < settings.runCount(); r++) {
      Map<Parameter, Object> values = new EnumMap<>(settings.base());
      Schedule schedule = null;
      for (int a = 0; a < axes.size(); a++) {
        Axis axis = axes.get(a);
        Object value = axis.values().get(index[a]);
        if (axis.phase() == null) {
          values.put(axis.parameter(), value);
        } else {
          Schedule s = schedule != null ? schedule
              : Schedule.parse((String) values.get(Parameter.SCHEDULE));
          schedule = s.with(axis.phase().index(), axis.phase().knob(), value);
        }
      }
      if (schedule != null) {
        values.put(Parameter.SCHEDULE, schedule.canonical());
      }
      boolean full = Parameter.FULL.equals(values.get(Parameter.BATCH_SIZE));
      values.put(Parameter.FULL_BATCH, full);
      if (full) {
        values.put(Parameter.BATCH_SIZE, values.get(Parameter.SAMPLES));
      }
      runs.add(new PlannedRun(GridExpander.spec(RunIds.of(settings.name(), values), values), values));
      for (int a = axes.size() - 1; a >= 0; a--) {
        if (++index[a] < axes.get(a).values().size()) {
          break;
        }
        index[a] = 0;
      }
    }
    return runs;
  }

  /** The oracle's packs: {@code Pack.group} over every spec, sorted longest first (stable). */
  static List<Pack> eagerPacks(List<PlannedRun> runs, int packSize) {
    List<Pack> packs = new ArrayList<>(
        Pack.group(runs.stream().map(PlannedRun::spec).toList(), packSize));
    packs.sort(Comparator.comparingLong((Pack p) -> (long) p.size() * p.first().train().steps())
        .reversed());
    return packs;
  }

  static List<Pack> streamedPacks(PackPlan plan) {
    List<Pack> packs = new ArrayList<>();
    for (int k = 0; k < plan.packs(); k++) {
      packs.add(PackPlan.toPack(plan.pack(k)));
    }
    return packs;
  }

  /** Every run, both packings at several pack sizes, fresh and resumed (every third run done). */
  static void assertSameAsEager(SweepSettings settings) {
    List<PlannedRun> eager = eager(settings);
    SweepPlan plan = GridExpander.expand(settings);
    assertEquals(eager.size(), plan.runs().size(), settings.name());
    assertEquals(eager, new ArrayList<>(plan.runs()), settings.name());
    Set<String> ids = eager.stream().map(PlannedRun::runId).collect(Collectors.toSet());
    assertEquals(eager.size(), ids.size(), settings.name() + ": run ids are distinct");

    Set<String> done = new HashSet<>();
    for (int i = 0; i < eager.size(); i += 3) {
      done.add(eager.get(i).runId());
    }
    List<PlannedRun> eagerPending = eager.stream().filter(r -> !done.contains(r.runId())).toList();
    List<PlannedRun> pending = plan.pending(done);
    assertEquals(eagerPending, new ArrayList<>(pending), settings.name() + " pending");
    assertSame(plan.runs(), plan.pending(Set.of()));

    for (int packSize : new int[] {1, 3, 8, 64}) {
      for (List<PlannedRun> runs : List.of(plan.runs(), pending)) {
        List<PlannedRun> oracle = runs == pending ? eagerPending : eager;
        PackPlan packs = PackPlan.of(runs, packSize);
        assertEquals(eagerPacks(oracle, packSize), streamedPacks(packs),
            settings.name() + ", pack size " + packSize);
        assertEquals(oracle.stream().mapToLong(r -> r.spec().train().steps()).sum(), packs.steps());
        assertEquals(oracle.size(), packs.runs());
      }
    }
  }

  @Test
  void everyShippedSweepStreamsTheEagerRunsAndPacks() throws Exception {
    for (Path f : ShippedRunIdsTest.shippedSweeps()) {
      assertSameAsEager(
          SettingsParser.all(ConfigLoader.load(f, List.of()), f.toString()).sweep());
    }
  }

  @Test
  void randomGridsStreamTheEagerRunsAndPacks() {
    Random random = new Random(17);
    for (int g = 0; g < 25; g++) {
      StringBuilder grid = new StringBuilder();
      grid.append("seed = ").append(values(random, 1 + random.nextInt(6), i -> "" + (3 * i + random.nextInt(3))));
      if (random.nextBoolean()) {
        grid.append("lr = ").append(values(random, 1 + random.nextInt(3), i -> "0." + (i + 1)));
      }
      if (random.nextBoolean()) {
        grid.append("width = ").append(values(random, 1 + random.nextInt(3), i -> "" + (4 << i)));
      }
      if (random.nextBoolean()) {
        grid.append("batch-size = [full, 4]\n");
      }
      if (random.nextBoolean()) {
        grid.append("steps = ").append(values(random, 1 + random.nextInt(3), i -> "" + (10 * (i + 1))));
      }
      if (random.nextBoolean()) {
        grid.append("schedule-1-at = [5, 8]\n");
      }
      String text = "sweep {\n name = random" + g + "\n grid {\n" + grid + " }\n"
          + " train { steps = 20, log-every = 5, lr = 0.1, batch-size = 4,"
          + " schedule = [{at = 5, lr = 0.01}] }\n"
          + " data { samples = 16, input-dim = 3 }\n model { width = 4 }\n}\n";
      assertSameAsEager(SweepFiles.parseText(dir, text));
    }
  }

  private static String values(Random random, int n, java.util.function.IntFunction<String> v) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(v.apply(i));
    }
    java.util.Collections.shuffle(out, random);
    return "[" + String.join(", ", out) + "]\n";
  }

  @Test
  void aPlanHoldsNoRunsAndBuildsTheSameRunEveryTime() {
    SweepSettings settings = SweepFiles.parseText(dir,
        "sweep {\n name = big\n grid { seed = {from = 0, to = 99999, count = 100000}\n }\n}\n");
    SweepPlan plan = GridExpander.expand(settings);
    assertTrue(plan.runs() instanceof PlannedRuns);
    assertEquals(100_000, plan.runs().size());
    assertEquals(plan.runs().get(77_777), plan.runs().get(77_777));
    assertFalse(plan.runs().get(0).runId().equals(plan.runs().get(1).runId()));
    RunSpec last = plan.runs().get(99_999).spec();
    assertEquals(99_999L, last.seed());
  }
}
