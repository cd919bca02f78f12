package io.sweep.driver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweep.driver.TestSweeps;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.worker.diagnose.DiagnosticsResult;
import io.sweep.worker.diagnose.CurvatureMetrics;
import io.sweep.worker.diagnose.TheoryMetrics;
import io.sweep.worker.diagnose.TrajectoryPoint;
import io.sweep.worker.run.RunResult;
import io.sweep.worker.spec.RunStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RunRowsTest {
  private static final RunRows.Provenance WHERE =
      new RunRows.Provenance("driver@host", "cpu", null, "v1", Instant.EPOCH);
  /** The parameter columns, checked against the planned run's values. */
  private static final Set<String> PARAMETERS =
      Arrays.stream(Parameter.values()).map(Parameter::column).collect(Collectors.toSet());
  /** The diagnostics columns of {@code runs}: null together when a run has no diagnostics. */
  private static final List<String> DIAGNOSTICS = List.of("interpolated", "vanished_neurons",
      "redundant_neurons", "independent_neurons", "collapse_fraction", "stable_rank", "effective_rank",
      "top_singular_fraction", "hessian_max_eig", "hessian_trace", "hessian_trace_se", "hessian_frobenius",
      "hessian_frobenius_se", "hessian_method", "stability_ratio", "frobenius_bound_ratio", "ols_distance",
      "layer_vanished_neurons", "layer_independent_neurons", "layer_collapse_fraction", "layer_stable_rank",
      "layer_effective_rank", "feature_stable_rank", "feature_effective_rank",
      "feature_top_singular_fraction", "activation_stable_rank", "activation_effective_rank",
      "activation_top_singular_fraction", "neuron_spread", "grad_norm", "converged", "max_loss_ratio",
      "excess_risk", "balancedness_mean_abs", "balancedness_max_abs", "weight_norm",
      "frobenius_bound_ratio_eff", "mu_alignment", "ms_stability_radius", "wu_bound_ratio",
      "trace_ratio");

  private final PlannedRun run =
      GridExpander.expand(TestSweeps.settings(TestSweeps.tiny("rows"))).runs().get(3);

  @Test
  void rowHoldsIdentityEveryParameterOutcomeAndProvenanceUnderTheirNames() {
    DiagnosticsResult d = new DiagnosticsResult(2, 1, 5, 0.375, 1.5, 2.5, 0.75, 4.0, 10.0, 0.5,
        6.0, 0.25, "exact", 0.1, 0.2, false, 0.01, List.of(2, 0), List.of(3, 2), List.of(0.25, 0.5),
        List.of(1.5, 1.25), List.of(2.5, Double.NaN), new TheoryMetrics(1.25, 1.5, 0.875, 2.0,
        2.25, 0.625, 0.125, 1e-4, Double.NaN, 0.0625, 0.5, 3.5, true, 1.75, 0.3),
        new CurvatureMetrics(0.375, 1.125, 0.75, Double.NaN));
    RunResult result = new RunResult(run.runId(), RunStatus.OK, null, 0.25, 0.5, 60, 1.5, "cpu", 0.5, d,
        List.of(), "pack");
    Row row = RunRows.of("rows", run, result, WHERE);
    Map<String, Object> cells = StoredRows.byName(Tables.RUNS_SCHEMA, row);
    for (Parameter p : Parameter.values()) {
      assertEquals(run.values().get(p), cells.get(p.column()), p.column());
    }
    // run 3 of lr × batch × seed with seed fastest: lr 0.02, batch 8, seed 1
    assertEquals(List.of(0.02, 8, 1), List.of(cells.get("lr"), cells.get("batch_size"), cells.get("seed")));
    assertEquals("sweep = rows\nrun_id = " + run.runId() + "\n" + """
        status = ok
        error = null
        train_loss = 0.25
        test_loss = 0.5
        interpolated = false
        vanished_neurons = 2
        redundant_neurons = 1
        independent_neurons = 5
        collapse_fraction = 0.375
        stable_rank = 1.5
        effective_rank = 2.5
        top_singular_fraction = 0.75
        hessian_max_eig = 4.0
        hessian_trace = 10.0
        hessian_trace_se = 0.5
        hessian_frobenius = 6.0
        hessian_frobenius_se = 0.25
        hessian_method = exact
        stability_ratio = 0.1
        frobenius_bound_ratio = 0.2
        ols_distance = 0.01
        steps_done = 60
        wall_seconds = 1.5
        diagnostics_seconds = 0.5
        executor = driver@host
        device = cpu
        gpu_assigned = null
        engine_version = v1
        finished_at = 1970-01-01T00:00:00Z
        trainer = pack
        layer_vanished_neurons = [2, 0]
        layer_independent_neurons = [3, 2]
        layer_collapse_fraction = [0.25, 0.5]
        layer_stable_rank = [1.5, 1.25]
        layer_effective_rank = [2.5, null]
        feature_stable_rank = 1.25
        feature_effective_rank = 1.5
        feature_top_singular_fraction = 0.875
        activation_stable_rank = 2.0
        activation_effective_rank = 2.25
        activation_top_singular_fraction = 0.625
        neuron_spread = 0.125
        grad_norm = 1.0E-4
        converged = true
        max_loss_ratio = 1.75
        excess_risk = null
        balancedness_mean_abs = 0.0625
        balancedness_max_abs = 0.5
        weight_norm = 3.5
        frobenius_bound_ratio_eff = 0.3
        mu_alignment = 0.375
        ms_stability_radius = 1.125
        wu_bound_ratio = 0.75
        trace_ratio = null
        """, StoredRows.lines(Tables.RUNS_SCHEMA, row, PARAMETERS));
  }

  @Test
  void aDivergedRunWithoutDiagnosticsHasNullDiagnosticsAndNonFiniteLossesAsNull() {
    RunResult result =
        new RunResult(run.runId(), RunStatus.DIVERGED, "non-finite at step 3", Double.NaN,
            Double.POSITIVE_INFINITY, 3, 0.1, "cpu", 0, null, List.of(), "reference");
    Map<String, Object> row = StoredRows.byName(Tables.RUNS_SCHEMA, RunRows.of("rows", run, result, WHERE));
    assertNull(row.get("train_loss"));
    assertNull(row.get("test_loss"));
    for (String column : DIAGNOSTICS) {
      assertNull(row.get(column), column);
    }
    assertEquals(List.of("diverged", "non-finite at step 3", 3L),
        List.of(row.get("status"), row.get("error"), row.get("steps_done")));
  }

  @Test
  void nonFiniteDiagnosticsAreStoredAsNullAndAbsentCountsStayNull() {
    double nan = Double.NaN;
    DiagnosticsResult d = new DiagnosticsResult(null, null, null, nan, Double.POSITIVE_INFINITY, nan, nan,
        Double.NEGATIVE_INFINITY, nan, nan, nan, nan, "none", nan, nan, true, nan, null, null, null, null, null);
    RunResult result = new RunResult(run.runId(), RunStatus.OK, null, 0.25, 0.5, 60, 1.5, "cpu", 0.5, d,
        List.of(), "pack");
    Map<String, Object> row = StoredRows.byName(Tables.RUNS_SCHEMA, RunRows.of("rows", run, result, WHERE));
    for (String column : DIAGNOSTICS) {
      switch (column) {
        case "interpolated" -> assertEquals(true, row.get(column));
        case "hessian_method" -> assertEquals("none", row.get(column));
        default -> assertNull(row.get(column), column);
      }
    }
  }

  @Test
  void trajectoryRowsHoldEachLoggedPointWithNonFiniteValuesAsNull() {
    TrajectoryPoint p0 = new TrajectoryPoint(0, 1.0, Double.POSITIVE_INFINITY, null, 0.0, 3.0, Double.NaN);
    TrajectoryPoint p1 = new TrajectoryPoint(60, 0.25, 0.5, 5, 0.375, 1.5, 4.0, 0.015625, 12.5);
    RunResult result = new RunResult(run.runId(), RunStatus.OK, null, 0.25, 0.5, 60, 1.5, "cpu", 0.5, null,
        List.of(p0, p1), "pack");
    List<Row> points = RunRows.trajectory("rows", result);
    assertEquals(2, points.size());
    String id = "sweep = rows\nrun_id = " + run.runId() + "\n";
    assertEquals(id + """
        step = 0
        train_loss = 1.0
        test_loss = null
        independent_neurons = null
        collapse_fraction = 0.0
        stable_rank = 3.0
        hessian_max_eig = null
        grad_norm = null
        hessian_trace = null
        """, StoredRows.lines(Tables.TRAJECTORIES_SCHEMA, points.get(0)));
    assertEquals(id + """
        step = 60
        train_loss = 0.25
        test_loss = 0.5
        independent_neurons = 5
        collapse_fraction = 0.375
        stable_rank = 1.5
        hessian_max_eig = 4.0
        grad_norm = 0.015625
        hessian_trace = 12.5
        """, StoredRows.lines(Tables.TRAJECTORIES_SCHEMA, points.get(1)));
  }

  @Test
  void aResultForAnotherRunIsRejected() {
    RunResult other = new RunResult("ffffffffffffffff", RunStatus.OK, null, 0, 0, 1, 0, "cpu", 0, null,
        List.of(), null);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RunRows.of("rows", run, other, WHERE));
    assertEquals("result ffffffffffffffff does not belong to run " + run.runId(), e.getMessage());
  }
}
