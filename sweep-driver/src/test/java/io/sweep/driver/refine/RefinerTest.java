package io.sweep.driver.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.phase.Aggregation;
import io.sweep.driver.phase.Crossing;
import io.sweep.driver.refine.RefineBackend.Observation;
import io.sweep.driver.refine.RefineBackend.Proposal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Refinement against fake objectives with a known boundary. */
class RefinerTest {
  /** A backend evaluating {@code outcome(cell, at, seed)} instantly and remembering every run. */
  static final class FakeBackend implements RefineBackend {
    final List<Observation> runs = new ArrayList<>();
    final BiFunction<Proposal, Integer, Double> outcome;
    int calls;

    FakeBackend(BiFunction<Proposal, Integer, Double> outcome, List<List<Object>> cells, double[] grid, int seeds) {
      this.outcome = outcome;
      for (List<Object> cell : cells) {
        for (double at : grid) {
          for (int s = 0; s < seeds; s++) {
            add(new Proposal(cell, at, s));
          }
        }
      }
    }

    private void add(Proposal p) {
      runs.add(new Observation(p.cell(), p.at(), p.seed(), outcome.apply(p, p.seed())));
    }

    @Override
    public List<Observation> observe() {
      return List.copyOf(runs);
    }

    @Override
    public void run(List<Proposal> proposals) {
      calls++;
      proposals.forEach(this::add);
    }
  }

  private static final double[] LOG_GRID = {10, 100, 1000, 10000};

  /** Interpolates (1) below the cell's threshold, 300 for cell A and 2000 for cell B. */
  private static double sharp(Proposal p, int seed) {
    double threshold = p.cell().get(0).equals("A") ? 300 : 2000;
    return p.at() < threshold ? 1.0 : 0.0;
  }

  @Test
  void locatesASharpBoundaryWithinToleranceWithFewerRunsThanAUniformGrid() {
    FakeBackend backend = new FakeBackend(RefinerTest::sharp, List.of(List.of("A"), List.of("B")), LOG_GRID, 2);
    RefineSettings settings = new RefineSettings(Aggregation.FRACTION, 0.5, 500, 0.05, 4, true, true);
    RefineResult r = new Refiner(backend, settings, line -> {}).refine();
    assertEquals("located to the tolerance", r.stopReason());
    assertEquals(16, r.initialRuns());
    for (Boundary b : r.boundaries()) {
      double truth = b.cell().get(0).equals("A") ? 300 : 2000;
      Crossing c = b.crossing();
      assertTrue(b.resolved());
      assertTrue(c.low() < truth && truth <= c.high(), b + " brackets " + truth);
      assertTrue(c.high() / c.low() - 1 <= 0.05, "bracket within tolerance: " + c);
    }
    assertTrue(r.resolution() <= 0.05);
    long uniform = r.uniformRuns();
    assertTrue(r.initialRuns() + r.newRuns() < uniform / 5,
        "adaptive " + (r.initialRuns() + r.newRuns()) + " runs vs uniform " + uniform);
    // a uniform log grid over [10, 10000] with ratio ≤ 1 + resolution, 2 cells × 2 seeds
    assertEquals(4 * ((long) Math.ceil(Math.log(1000) / Math.log1p(r.resolution()) - 1e-9) + 1), uniform);
  }

  @Test
  void neverExceedsTheBudgetAndSaysSo() {
    FakeBackend backend = new FakeBackend(RefinerTest::sharp, List.of(List.of("A"), List.of("B")), LOG_GRID, 2);
    RefineResult r = new Refiner(backend, new RefineSettings(Aggregation.FRACTION, 0.5, 7, 0.01, 2, true, true),
        line -> {}).refine();
    assertTrue(r.newRuns() <= 7, r.newRuns() + " runs");
    assertEquals("budget of 7 runs spent", r.stopReason());
    assertEquals(16 + r.newRuns(), backend.runs.size());
  }

  @Test
  void addsSeedsWhereTheIntervalStraddlesTheLevel() {
    // A noisy boundary: each seed interpolates with probability falling through ½ at n = 300.
    BiFunction<Proposal, Integer, Double> noisy = (p, seed) -> {
      double prob = 1 / (1 + Math.pow(p.at() / 300, 3));
      double u = new java.util.SplittableRandom(Double.hashCode(p.at()) * 31L + seed).nextDouble();
      return u < prob ? 1.0 : 0.0;
    };
    FakeBackend backend = new FakeBackend(noisy, List.of(List.of()), LOG_GRID, 2);
    RefineResult r = new Refiner(backend, new RefineSettings(Aggregation.FRACTION, 0.5, 200, 0.1, 8, true, true),
        line -> {}).refine();
    long seeds = backend.runs.stream().mapToInt(Observation::seed).distinct().count();
    assertTrue(seeds > 2, "extra seeds were added near the boundary: " + seeds);
    Crossing c = r.boundaries().get(0).crossing();
    assertEquals(Crossing.Status.CROSSED, c.status());
    assertTrue(c.at() > 100 && c.at() < 1000, "boundary near 300: " + c);
  }

  @Test
  void anIntegerAxisStopsAtNeighbouringIntegers() {
    FakeBackend backend = new FakeBackend((p, s) -> p.at() < 37 ? 1.0 : 0.0, List.of(List.of()), new double[] {16, 64}, 1);
    RefineResult r = new Refiner(backend, new RefineSettings(Aggregation.FRACTION, 0.5, 100, 0.001, 1, true, true),
        line -> {}).refine();
    Crossing c = r.boundaries().get(0).crossing();
    assertEquals(36, c.low());
    assertEquals(37, c.high());
    assertTrue(r.boundaries().get(0).resolved());
  }

  @Test
  void aMeanMetricOnALinearAxis() {
    // collapse fraction rising linearly in x from 0 at x = 0 to 1 at x = 1; level 0.3
    FakeBackend backend = new FakeBackend((p, s) -> p.at(), List.of(List.of()), new double[] {0, 0.25, 0.5, 0.75, 1}, 1);
    RefineResult r = new Refiner(backend, new RefineSettings(Aggregation.MEAN, 0.3, 50, 0.02, 1, false, false),
        line -> {}).refine();
    Crossing c = r.boundaries().get(0).crossing();
    assertEquals(0.3, c.at(), 1e-9);
    assertTrue(c.high() - c.low() <= 0.02, c.toString());
  }

  @Test
  void resumesWithoutRepeatingRuns() {
    FakeBackend backend = new FakeBackend(RefinerTest::sharp, List.of(List.of("A")), LOG_GRID, 2);
    RefineSettings settings = new RefineSettings(Aggregation.FRACTION, 0.5, 10, 0.05, 2, true, true);
    new Refiner(backend, settings, line -> {}).refine();
    int afterFirst = backend.runs.size();
    RefineResult second = new Refiner(backend, new RefineSettings(Aggregation.FRACTION, 0.5, 500, 0.05, 2, true, true),
        line -> {}).refine();
    assertEquals(afterFirst, second.initialRuns());
    long distinct = backend.runs.stream().map(o -> o.cell() + "/" + o.at() + "/" + o.seed()).distinct().count();
    assertEquals(backend.runs.size(), distinct, "no point run twice");
    assertEquals("located to the tolerance", second.stopReason());
  }
}
