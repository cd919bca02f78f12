package io.sweep.driver.refine;

import io.sweep.driver.phase.CellOrder;
import io.sweep.driver.phase.CellStats;
import io.sweep.driver.phase.Crossing;
import io.sweep.driver.refine.RefineBackend.Observation;
import io.sweep.driver.refine.RefineBackend.Proposal;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The refinement search. Each round, per cell of the other axes: summarise every axis value's
 * seeds ({@link CellStats}), find where the summary first crosses the level ({@link Crossing}),
 * and propose (a) the midpoint of that bracket with the cell's usual seeds while the bracket is
 * wider than the tolerance, and (b) extra seeds at a bracket end whose 95% interval contains the
 * level, up to {@code maxSeeds}. Proposals of the widest brackets go first; a point's seeds are
 * never split across the budget. Stops when nothing is left to propose (located), or when the
 * next proposal does not fit the budget.
 */
public final class Refiner {
  /** A guard against a backend that never stores what it is asked to run. */
  static final int MAX_ROUNDS = 200;

  private final RefineBackend backend;
  private final RefineSettings settings;
  private final Consumer<String> log;

  /** A refiner reporting each round to {@code log}. */
  public Refiner(RefineBackend backend, RefineSettings settings, Consumer<String> log) {
    this.backend = backend;
    this.settings = settings;
    this.log = log;
  }

  /** Runs rounds until the boundary is located or the budget is spent. */
  public RefineResult refine() {
    List<Observation> observations = backend.observe();
    int initial = observations.size();
    Map<List<Object>, List<Integer>> baseSeeds = baseSeeds(observations);
    double min = observations.stream().mapToDouble(Observation::at).min().orElse(Double.NaN);
    double max = observations.stream().mapToDouble(Observation::at).max().orElse(Double.NaN);
    int used = 0;
    int rounds = 0;
    String stop;
    List<Boundary> boundaries;
    while (true) {
      Round round = plan(observations, baseSeeds, min, max);
      boundaries = round.boundaries;
      List<Proposal> chosen = new ArrayList<>();
      for (List<Proposal> group : round.groups) {
        if (used + chosen.size() + group.size() <= settings.budget()) {
          chosen.addAll(group);
        }
      }
      if (round.groups.isEmpty()) {
        stop = boundaries.stream().anyMatch(b -> b.crossing().status() == Crossing.Status.CROSSED)
            ? "located to the tolerance" : "no cell crosses the level: nothing to refine";
        break;
      }
      if (chosen.isEmpty() || rounds >= MAX_ROUNDS) {
        stop = "budget of " + settings.budget() + " runs spent";
        break;
      }
      rounds++;
      log.accept(String.format(java.util.Locale.ROOT, "round %d: %d new runs (%d of %d budget used before)",
          rounds, chosen.size(), used, settings.budget()));
      backend.run(chosen);
      used += chosen.size();
      observations = backend.observe();
    }
    double resolution = boundaries.stream().filter(b -> b.crossing().status() == Crossing.Status.CROSSED)
        .mapToDouble(b -> width(b.crossing().low(), b.crossing().high(), min, max)).max().orElse(Double.NaN);
    int seeds = baseSeeds.values().stream().mapToInt(List::size).max().orElse(0);
    long uniform = Double.isNaN(resolution) ? -1 : uniformRuns(min, max, resolution) * baseSeeds.size() * seeds;
    return new RefineResult(boundaries, initial, used, rounds, resolution, uniform, stop);
  }

  /** Values a uniform grid over [min, max] needs for brackets of relative width {@code resolution}. */
  long uniformRuns(double min, double max, double resolution) {
    double intervals = settings.logAxis()
        ? Math.log(max / min) / Math.log1p(resolution)
        : 1 / resolution;
    long values = (long) Math.ceil(intervals - 1e-9) + 1;
    if (settings.integer()) {
      values = Math.min(values, (long) (max - min) + 1); // cannot be finer than every integer
    }
    return values;
  }

  /** Relative width of a bracket: hi/lo − 1 on a log axis, (hi − lo)/(max − min) on a linear one. */
  double width(double lo, double hi, double min, double max) {
    return settings.logAxis() ? hi / lo - 1 : (hi - lo) / (max - min);
  }

  private record Round(List<Boundary> boundaries, List<List<Proposal>> groups) {}

  private Round plan(List<Observation> observations, Map<List<Object>, List<Integer>> baseSeeds, double min,
      double max) {
    Map<List<Object>, TreeMap<Double, Map<Integer, Double>>> byCell = group(observations);
    Set<Proposal> seen = new HashSet<>();
    for (Observation o : observations) {
      seen.add(new Proposal(o.cell(), o.at(), o.seed()));
    }
    List<Boundary> boundaries = new ArrayList<>();
    List<Prioritised> groups = new ArrayList<>();
    for (Map.Entry<List<Object>, TreeMap<Double, Map<Integer, Double>>> cell : byCell.entrySet()) {
      TreeMap<Double, Map<Integer, Double>> points = cell.getValue();
      double[] xs = points.keySet().stream().mapToDouble(Double::doubleValue).toArray();
      CellStats[] stats = points.values().stream().map(this::summarise).toArray(CellStats[]::new);
      double[] ys = java.util.Arrays.stream(stats).mapToDouble(CellStats::value).toArray();
      Crossing c = Crossing.find(xs, ys, settings.level(), settings.logAxis());
      boolean resolved = true;
      if (c.status() == Crossing.Status.CROSSED) {
        double lo = c.low();
        double hi = c.high();
        double w = width(lo, hi, min, max);
        resolved = w <= settings.tolerance() || (settings.integer() && hi - lo <= 1);
        int maxSeed = points.values().stream().flatMap(m -> m.keySet().stream()).mapToInt(Integer::intValue).max()
            .orElse(-1);
        if (!resolved) {
          double mid = midpoint(lo, hi);
          if (mid > lo && mid < hi) {
            groups.add(new Prioritised(w, proposals(cell.getKey(), mid, baseSeeds.get(cell.getKey()), seen)));
          } else {
            resolved = true; // an integer axis with no value in between
          }
        }
        int lower = java.util.Arrays.binarySearch(xs, lo);
        for (int end : new int[] {lower, lower + 1}) {
          Map<Integer, Double> runs = points.get(xs[end]);
          CellStats s = stats[end];
          int room = settings.maxSeeds() - runs.size();
          if (s.straddles(settings.level()) && room > 0) {
            int extra = Math.min(room, Math.max(1, baseSeeds.get(cell.getKey()).size()));
            List<Integer> newSeeds = new ArrayList<>();
            for (int k = 1; k <= extra; k++) {
              newSeeds.add(maxSeed + k);
            }
            List<Proposal> p = proposals(cell.getKey(), xs[end], newSeeds, seen);
            if (!p.isEmpty()) {
              groups.add(new Prioritised(-1, p)); // after every unresolved bracket's midpoint
            }
          }
        }
      }
      boundaries.add(new Boundary(cell.getKey(), c, resolved, xs.length));
    }
    groups.sort(Comparator.comparingDouble(Prioritised::priority).reversed());
    return new Round(boundaries, groups.stream().map(Prioritised::proposals).filter(p -> !p.isEmpty()).toList());
  }

  private record Prioritised(double priority, List<Proposal> proposals) {}

  private static List<Proposal> proposals(List<Object> cell, double at, List<Integer> seeds, Set<Proposal> seen) {
    List<Proposal> p = new ArrayList<>();
    for (int seed : seeds) {
      Proposal candidate = new Proposal(cell, at, seed);
      if (!seen.contains(candidate)) {
        p.add(candidate);
      }
    }
    return p;
  }

  /** The summary of one point's seeds. */
  private CellStats summarise(Map<Integer, Double> seeds) {
    List<Double> values = seeds.values().stream().filter(v -> v != null && Double.isFinite(v)).toList();
    return CellStats.of(settings.agg(), values, seeds.size(), 0, seeds.size() - values.size());
  }

  /**
   * The midpoint of a bracket (geometric on a log axis), rounded to an integer on an integer axis
   * and to three significant digits otherwise when that keeps it strictly inside (readable values).
   */
  double midpoint(double lo, double hi) {
    double m = settings.logAxis() ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    if (settings.integer()) {
      return Math.round(m);
    }
    for (int digits = 3; digits <= 15; digits += 3) {
      double nice = new BigDecimal(m).round(new MathContext(digits)).doubleValue();
      if (nice > lo && nice < hi) {
        return nice;
      }
    }
    return m;
  }

  /** Observations by cell (cells in the order of their values), axis value, seed. */
  private static Map<List<Object>, TreeMap<Double, Map<Integer, Double>>> group(List<Observation> observations) {
    Map<List<Object>, TreeMap<Double, Map<Integer, Double>>> byCell = new TreeMap<>(CellOrder::compare);
    for (Observation o : observations) {
      byCell.computeIfAbsent(o.cell(), k -> new TreeMap<>())
          .computeIfAbsent(o.at(), k -> new LinkedHashMap<>())
          .put(o.seed(), o.value());
    }
    return byCell;
  }

  /** Per cell, the seeds present at at least half of its axis values: its usual seeds. */
  private static Map<List<Object>, List<Integer>> baseSeeds(List<Observation> observations) {
    Map<List<Object>, TreeMap<Double, Map<Integer, Double>>> byCell = group(observations);
    Map<List<Object>, List<Integer>> seeds = new LinkedHashMap<>();
    byCell.forEach((cell, points) -> {
      Map<Integer, Integer> count = new TreeMap<>();
      points.values().forEach(m -> m.keySet().forEach(s -> count.merge(s, 1, Integer::sum)));
      Set<Integer> usual = new TreeSet<>();
      count.forEach((s, n) -> {
        if (2 * n >= points.size()) {
          usual.add(s);
        }
      });
      seeds.put(cell, List.copyOf(usual));
    });
    return seeds;
  }
}
