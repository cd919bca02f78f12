package io.sweep.worker.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.pack.StepProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class BenchmarkTest {

  private static BenchReport.Rate rate(double perCore) {
    return new BenchReport.Rate(perCore, perCore / 2, perCore / 3);
  }

  private static BenchReport.Workload workload(String name, double best, double naive) {
    BenchReport.EngineRate top = new BenchReport.EngineRate(64, rate(best));
    return new BenchReport.Workload(
        name, 20, 64, 16, List.of(new BenchReport.EngineRate(16, rate(best / 2)), top), top,
        new BenchReport.EngineRate(64, rate(best / 4)), rate(naive), 129_024,
        Map.of(StepProfile.Phase.FIRST_LAYER, 100.0));
  }

  @Test
  void theSummaryIsTheRatioToTheNaiveLoopAndTheFractionOfTheCeilingPerWorkload() {
    BenchReport report = new BenchReport(
        100.0, workload("tiny", 200_000, 500), workload("medium", 2_000, 100), "nd4j=1");
    assertEquals(400.0, report.tiny().ratioVsDl4j(), 1e-9);
    assertEquals(200_000 * 129_024.0 / 1e9, report.tiny().engineGflops(), 1e-9);
    assertEquals(
        "tiny ratio_vs_dl4j=400.0 peak_fraction=0.26 medium ratio_vs_dl4j=20.0 peak_fraction=0.00",
        report.summary());
    String text = report.format();
    assertTrue(text.contains("engine R=64"), text);
    assertTrue(text.contains("first_layer=100.0"), text);
  }

  @Test
  void optionsRejectEmptyOrNonPositiveSettings() {
    assertThrows(IllegalArgumentException.class,
        () -> new BenchOptions(List.of(), List.of(4), 1.0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BenchOptions(List.of(0), List.of(4), 1.0));
    assertEquals("pack sizes must be >= 1, got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new BenchOptions(List.of(4), List.of(4), 0.0));
  }

  @Test
  void aMinimalRunMeasuresEveryFigureAndRestoresTheThreadSettings() {
    int threads = Nd4j.getEnvironment().maxThreads();
    int blas = Nd4j.factory().blas().getMaxThreads();
    List<String> progress = new ArrayList<>();
    BenchReport report =
        Benchmark.run(new BenchOptions(List.of(1, 2), List.of(1), 0.001), progress::add);
    assertEquals(threads, Nd4j.getEnvironment().maxThreads());
    assertEquals(blas, Nd4j.factory().blas().getMaxThreads());
    assertEquals(List.of(1, 2),
        report.tiny().engine().stream().map(BenchReport.EngineRate::replicas).toList());
    assertEquals(1, report.medium().best().replicas());
    assertEquals(6.0 * 64 * (100 * 512 + 512), report.medium().flopsPerReplicaStep(), 0.0);
    assertTrue(report.summary().matches(
        "tiny ratio_vs_dl4j=\\S+ peak_fraction=\\S+ medium ratio_vs_dl4j=\\S+ peak_fraction=\\S+"),
        report.summary());
    // The backend line, the ceiling, then 3 lines per workload plus one per pack size.
    assertEquals(9, progress.size(), progress.toString());
    assertEquals("backend CpuBackend, device cpu, pack path native-cpu", progress.get(0));
  }

  @Test
  void theSaturationSearchStopsWhenTheLargestPackGainsLessThanTenPercent() {
    assertFalse(Benchmark.saturated(List.of(rate(1, 100))));
    assertFalse(Benchmark.saturated(List.of(rate(1, 100), rate(2, 111))));
    assertTrue(Benchmark.saturated(List.of(rate(1, 100), rate(2, 109))));
    assertTrue(Benchmark.saturated(List.of(rate(1, 100), rate(2, 150), rate(4, 120))));
    assertTrue(Benchmark.saturated(List.of(rate(1, 100), rate(2, Double.NaN))));
  }

  private static BenchReport.EngineRate rate(int replicas, double perCore) {
    return new BenchReport.EngineRate(replicas, new BenchReport.Rate(perCore, perCore, perCore));
  }

  @Test
  void theDeepWorkloadAddsItsRateAndCeilingFractionToTheSummary() {
    BenchReport.Workload deep = workload("deep", 1_000, 100);
    BenchReport.Workload d3 = new BenchReport.Workload(
        "deep", 100, 256, 64, deep.engine(), deep.best(), deep.general(), deep.naive(),
        6.0 * 64 * (100 * 256 + 2 * 256 * 256 + 256), deep.profileMicros(), 3, 0.9);
    BenchReport report = new BenchReport(
        100.0, workload("tiny", 200_000, 500), workload("medium", 2_000, 100), d3, "nd4j=1");
    assertTrue(report.summary().endsWith(" deep replica_steps_per_s=1000 peak_fraction=0.60"),
        report.summary());
    assertTrue(report.format().contains("deep: d=100 width=256 depth=3 batch=64 momentum=0.9"),
        report.format());
  }

  @Test
  void aMinimalRunWithTheDeepWorkloadMeasuresIt() {
    List<String> progress = new ArrayList<>();
    BenchReport report = Benchmark.run(
        new BenchOptions(List.of(1), List.of(1), List.of(2), 0.001), progress::add);
    assertEquals(3, report.deep().depth());
    assertEquals(2, report.deep().best().replicas());
    assertEquals(6.0 * 64 * (100 * 256 + 2 * 256 * 256 + 256),
        report.deep().flopsPerReplicaStep(), 0.0);
    // No assertion on the rate itself: with a 1 ms budget the long-minus-short CPU time can be
    // ≤ 0 on a loaded machine, which Times.inverse reports as NaN (as for tiny and medium above).
    assertTrue(report.summary().matches(".* deep replica_steps_per_s=\\S+ peak_fraction=\\S+"),
        report.summary());
  }

  @Test
  void theProcessClockNeverCountsLessThanTheCallingThreadsOwnTime() {
    // 100 steps; the process's coarse clock came out at 0.1 s, the thread's own at 0.5 s
    BenchReport.Rate rate = new Benchmark.Times(1.0, 0.5, 0.1).inverse(100);
    assertEquals(200, rate.perCore(), 1e-12);
    assertEquals(200, rate.callingThread(), 1e-12);
    assertEquals(100, rate.wall(), 1e-12);
    assertEquals(50, new Benchmark.Times(1.0, 0.5, 2.0).inverse(100).perCore(), 1e-12);
  }
}
