package io.sweep.driver.curves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweep.driver.UserError;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningCurvesTest {
  /** t(0.975, 1) and t(0.975, 2), from a table of Student's t distribution. */
  static final double T1 = 12.706204736174698;
  static final double T2 = 4.302652729911275;

  static CurveQuery query(String by, String facet, boolean logY) {
    return new CurveQuery("s", "train_loss", by, null, facet, logY);
  }

  @Test
  void eachPointIsTheMeanOfItsRunsWithAStudentTInterval() {
    LearningCurves c = LearningCurves.of(query("lr", null, false), List.of(
        new StepValues(null, "0.01", 10, new double[] {1, 2, 3}),
        new StepValues(null, "0.01", 0, new double[] {1, 3}),
        new StepValues(null, "0.01", 20, new double[] {5})), 3, 0);
    assertEquals(1, c.curves().size());
    List<CurvePoint> p = c.curves().get(0).points();
    assertEquals(List.of(0L, 10L, 20L), p.stream().map(CurvePoint::step).toList(), "in step order");
    // {1, 3}: mean 2, s = √2, s/√n = 1
    assertEquals(2, p.get(0).mean(), 1e-12);
    assertEquals(2 - T1, p.get(0).low(), 1e-9);
    assertEquals(2 + T1, p.get(0).high(), 1e-9);
    assertEquals(2, p.get(0).runs());
    // {1, 2, 3}: mean 2, s = 1, s/√n = 1/√3
    assertEquals(2, p.get(1).mean(), 1e-12);
    assertEquals(2 - T2 / Math.sqrt(3), p.get(1).low(), 1e-9);
    assertEquals(2 + T2 / Math.sqrt(3), p.get(1).high(), 1e-9);
    // one run: no spread to estimate, the band closes on the value
    assertEquals(new CurvePoint(20, 5, 5, 5, 1), p.get(2));
    assertEquals(3, c.points());
  }

  @Test
  void runsOfOneStepFromSeveralGroupsArePooledIntoTheirLine() {
    LearningCurves c = LearningCurves.of(query("lr", null, false), List.of(
        new StepValues(null, "0.01", 0, new double[] {1}),
        new StepValues(null, "0.01", 0, new double[] {3})), 2, 0);
    CurvePoint p = c.curves().get(0).points().get(0);
    assertEquals(2, p.mean(), 1e-12);
    assertEquals(2 - T1, p.low(), 1e-9);
    assertEquals(2, p.runs());
  }

  @Test
  void linesAreOrderedByFacetThenGroupingValueNumerically() {
    LearningCurves c = LearningCurves.of(query("lr", "batch_size", false), List.of(
        new StepValues("32", "0.1", 0, new double[] {1}),
        new StepValues("8", "0.1", 0, new double[] {1}),
        new StepValues("32", "0.02", 0, new double[] {1}),
        new StepValues("8", "0.02", 0, new double[] {1})), 4, 1);
    assertEquals(List.of("8", "32"), c.facets(), "8 before 32: numbers compare as numbers");
    assertEquals(List.of("0.02", "0.1"), c.byValues());
    assertEquals(List.of("0.02", "0.1"), c.curvesOf("32").stream().map(Curve::by).toList());
    assertEquals("lr = 0.02", c.label("0.02"));
    assertEquals(1, c.leftOut());
  }

  @Test
  void withoutGroupingThereIsOneLineOfAllRuns() {
    LearningCurves c = LearningCurves.of(query(null, null, false), List.of(
        new StepValues(null, null, 0, new double[] {1, 2})), 2, 0);
    assertEquals(java.util.Collections.singletonList(null), c.facets());
    assertEquals("all runs", c.label(null));
    assertEquals("mean train_loss", c.query().describe());
    assertEquals("mean train_loss by lr per batch_size where step > 0",
        new CurveQuery("s", "train_loss", "lr", " step > 0 ", "batch_size", false).describe());
  }

  @Test
  void aLogAxisRefusesNonPositiveValuesNamingTheMetric() {
    UserError e = assertThrows(UserError.class, () -> LearningCurves.of(query("lr", "batch_size", true), List.of(
        new StepValues("8", "0.01", 0, new double[] {1}),
        new StepValues("8", "0.05", 40, new double[] {0.5, 0.0})), 3, 0));
    assertEquals("--log-y: metric train_loss has a value 0.0 ≤ 0 (at step 40, lr = 0.05, batch_size = 8); a log axis "
        + "needs positive values: draw it without --log-y or narrow it with --where", e.message(f -> "--" + f));
  }

  @Test
  void numbersAreShownToFourSignificantDigits() {
    assertEquals("0.03162", LearningCurves.shown("0.0316227766017"));
    assertEquals("1", LearningCurves.shown("1.0"));
    assertEquals("64", LearningCurves.shown("64"));
    assertEquals("100", LearningCurves.shown("100.0"));
    assertEquals("0.00001", LearningCurves.shown("1.0E-5"));
    assertEquals("1E-7", LearningCurves.shown("1.0E-7"));
    assertEquals("1.235E+7", LearningCurves.shown("12345678"));
    assertEquals("relu", LearningCurves.shown("relu"));
    assertEquals("lr = 0.3162", LearningCurves.of(query("lr", null, false),
        List.of(new StepValues(null, "0.316227766017", 0, new double[] {1})), 1, 0).label("0.316227766017"));
  }

  @Test
  void aMetricIsRequired() {
    UserError e = assertThrows(UserError.class, () -> new CurveQuery("s", " ", null, null, null, false));
    assertEquals("metric is required", e.getMessage());
  }
}
