package io.sweep.driver.store;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.sweep.driver.config.Parameter;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.worker.diagnose.CurvatureMetrics;
import io.sweep.worker.diagnose.DiagnosticsResult;
import io.sweep.worker.diagnose.TheoryMetrics;
import io.sweep.worker.run.RunResult;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code runs} and {@code trajectories} tables, each declared once: {@link #RUNS} and {@link
 * #TRAJECTORIES} give both the schema ({@link Tables#RUNS_SCHEMA}, {@link
 * Tables#TRAJECTORIES_SCHEMA}) and the rows.
 *
 * <p>Non-finite numbers (NaN, ±Infinity: diverged runs, metrics that do not apply) are stored as
 * null ({@link TableDef.Builder#finite}), so that {@code avg()} over a phase cell is not poisoned;
 * {@code status}, {@code error} and {@code steps_done} say what happened. The diagnostics columns
 * are null for a run without diagnostics (diverged or failed). The {@code layer_…} columns are
 * arrays with one element per hidden layer, layer 1 first, non-finite elements stored as null.
 */
public final class RunRows {

  /**
   * Where and how a run was executed, as the Spark layer saw it.
   *
   * @param executor    Spark executor id and host
   * @param device      {@code cpu} or {@code gpu:N}
   * @param gpuAssigned the GPU address Spark assigned to the task, or null
   * @param version     the engine version that produced the row
   * @param at          when the row is committed
   */
  public record Provenance(String executor, String device, String gpuAssigned, String version,
      Instant at) {}

  /** {@code array<int>} with null elements allowed (declared before {@link #RUNS}, which uses it). */
  private static final DataType INT_ARRAY = DataTypes.createArrayType(IntegerType, true);

  /** {@code array<double>} with null elements allowed (non-finite values, as scalar columns). */
  private static final DataType DOUBLE_ARRAY = DataTypes.createArrayType(DoubleType, true);

  /** One row per run: identity, every parameter, outcome, diagnostics, cost, provenance. */
  public static final TableDef<RunRow> RUNS = runs();

  /** Training curve points of each run, every {@code log-every} steps. */
  public static final TableDef<TrajectoryRow> TRAJECTORIES = TableDef.<TrajectoryRow>named(Tables.TRAJECTORIES)
      .required("sweep", StringType, TrajectoryRow::sweep)
      .required("run_id", StringType, TrajectoryRow::runId)
      .required("step", LongType, t -> t.point().step())
      .finite("train_loss", t -> t.point().trainLoss())
      .finite("test_loss", t -> t.point().testLoss())
      .optional("independent_neurons", IntegerType, t -> t.point().independentNeurons())
      .finite("collapse_fraction", t -> t.point().collapseFraction())
      .finite("stable_rank", t -> t.point().stableRank())
      .finite("hessian_max_eig", t -> t.point().hessianMaxEig())
      // issue #16, appended: null in rows of older releases
      .finite("grad_norm", t -> t.point().gradNorm())
      .finite("hessian_trace", t -> t.point().hessianTrace())
      .build();

  /**
   * The {@code diagnoses} table ({@code bin/sweep diagnose}): rows of the {@code runs} schema
   * whose diagnostics were recomputed from the stored weights, stamped {@code diagnosed_at}. The
   * {@code runs} view takes a run's {@link #TRAINING_COLUMNS} from its first committed training
   * row and every other column from its latest diagnosis, when it has one.
   */
  public static final org.apache.spark.sql.types.StructType DIAGNOSES_SCHEMA =
      RUNS.schema().add("diagnosed_at", TimestampType, false);

  /**
   * The columns of {@code runs} that a diagnosis never changes: identity, every parameter, the
   * training outcome, cost and provenance. Every other column (each metric, {@code
   * diagnostics_seconds}, and any metric column added later) is a diagnostic.
   */
  public static final java.util.Set<String> TRAINING_COLUMNS = trainingColumns();

  private static java.util.Set<String> trainingColumns() {
    java.util.Set<String> names = new java.util.LinkedHashSet<>(List.of("sweep", "run_id",
        "status", "error", "train_loss", "test_loss", "steps_done", "wall_seconds", "executor",
        "device", "gpu_assigned", "engine_version", "finished_at", "trainer"));
    for (Parameter p : Parameter.values()) {
      names.add(p.column());
    }
    return java.util.Collections.unmodifiableSet(names);
  }

  private RunRows() {}

  private static TableDef<RunRow> runs() {
    TableDef.Builder<RunRow> t = TableDef.<RunRow>named(Tables.RUNS)
        .required("sweep", StringType, RunRow::sweep)
        .required("run_id", StringType, r -> r.run().runId());
    for (Parameter p : Parameter.values()) {
      if (p.neutral().isEmpty()) {
        t.required(p.column(), sparkType(p.type()), r -> r.run().values().get(p));
      }
    }
    t
        .required("status", StringType, r -> r.result().status().label())
        .optional("error", StringType, r -> r.result().error())
        .finite("train_loss", r -> r.result().trainLoss())
        .finite("test_loss", r -> r.result().testLoss())
        .optional("interpolated", BooleanType, r -> r.diagnostic(DiagnosticsResult::interpolated))
        .optional("vanished_neurons", IntegerType, r -> r.diagnostic(DiagnosticsResult::vanishedNeurons))
        .optional("redundant_neurons", IntegerType, r -> r.diagnostic(DiagnosticsResult::redundantNeurons))
        .optional("independent_neurons", IntegerType, r -> r.diagnostic(DiagnosticsResult::independentNeurons))
        .finite("collapse_fraction", r -> r.diagnostic(DiagnosticsResult::collapseFraction))
        .finite("stable_rank", r -> r.diagnostic(DiagnosticsResult::stableRank))
        .finite("effective_rank", r -> r.diagnostic(DiagnosticsResult::effectiveRank))
        .finite("top_singular_fraction", r -> r.diagnostic(DiagnosticsResult::topSingularFraction))
        .finite("hessian_max_eig", r -> r.diagnostic(DiagnosticsResult::hessianMaxEig))
        .finite("hessian_trace", r -> r.diagnostic(DiagnosticsResult::hessianTrace))
        .finite("hessian_trace_se", r -> r.diagnostic(DiagnosticsResult::hessianTraceSe))
        .finite("hessian_frobenius", r -> r.diagnostic(DiagnosticsResult::hessianFrobenius))
        .finite("hessian_frobenius_se", r -> r.diagnostic(DiagnosticsResult::hessianFrobeniusSe))
        .optional("hessian_method", StringType, r -> r.diagnostic(DiagnosticsResult::hessianMethod))
        .finite("stability_ratio", r -> r.diagnostic(DiagnosticsResult::stabilityRatio))
        .finite("frobenius_bound_ratio", r -> r.diagnostic(DiagnosticsResult::frobeniusBoundRatio))
        .finite("ols_distance", r -> r.diagnostic(DiagnosticsResult::olsDistance))
        .required("steps_done", LongType, r -> r.result().stepsDone())
        .required("wall_seconds", DoubleType, r -> r.result().wallSeconds())
        .required("diagnostics_seconds", DoubleType, r -> r.result().diagnosticsSeconds())
        .optional("executor", StringType, r -> r.where().executor())
        .required("device", StringType, r -> r.where().device())
        .optional("gpu_assigned", StringType, r -> r.where().gpuAssigned())
        .required("engine_version", StringType, r -> r.where().version())
        .required("finished_at", TimestampType, r -> Timestamp.from(r.where().at()));
    // Parameters added after 0.1.0: older files lack them; they read as the neutral value.
    for (Parameter p : Parameter.addedLater()) {
      if (p.ordinal() <= Parameter.SCHEDULE.ordinal()) {
        t.required(p.column(), sparkType(p.type()), r -> r.run().values().get(p));
      }
    }
    // pack or reference, with the reason of a fall-back; null in rows of older releases
    t.optional("trainer", StringType, r -> r.result().trainer());
    // Per hidden layer, layer 1 first (docs/metrics.md); null without diagnostics.
    t.optional("layer_vanished_neurons", INT_ARRAY,
        r -> array(r.diagnostic(DiagnosticsResult::layerVanishedNeurons)));
    t.optional("layer_independent_neurons", INT_ARRAY,
        r -> array(r.diagnostic(DiagnosticsResult::layerIndependentNeurons)));
    t.optional("layer_collapse_fraction", DOUBLE_ARRAY,
        r -> finiteArray(r.diagnostic(DiagnosticsResult::layerCollapseFraction)));
    t.optional("layer_stable_rank", DOUBLE_ARRAY,
        r -> finiteArray(r.diagnostic(DiagnosticsResult::layerStableRank)));
    t.optional("layer_effective_rank", DOUBLE_ARRAY,
        r -> finiteArray(r.diagnostic(DiagnosticsResult::layerEffectiveRank)));
    // Parameters added after the per-layer columns, appended at the end like every new column:
    // output_dim, and the data provenance data_path, data_hash (empty for teacher-student data).
    for (Parameter p : Parameter.addedLater()) {
      if (p.ordinal() > Parameter.SCHEDULE.ordinal() && p.ordinal() < Parameter.INIT_FROM.ordinal()) {
        t.required(p.column(), sparkType(p.type()), r -> r.run().values().get(p));
      }
    }
    // The metrics of issue #16 (docs/metrics.md, TheoryMetrics), appended: null in older rows.
    t.finite("feature_stable_rank", r -> theory(r, TheoryMetrics::featureStableRank));
    t.finite("feature_effective_rank", r -> theory(r, TheoryMetrics::featureEffectiveRank));
    t.finite("feature_top_singular_fraction",
        r -> theory(r, TheoryMetrics::featureTopSingularFraction));
    t.finite("activation_stable_rank", r -> theory(r, TheoryMetrics::activationStableRank));
    t.finite("activation_effective_rank", r -> theory(r, TheoryMetrics::activationEffectiveRank));
    t.finite("activation_top_singular_fraction",
        r -> theory(r, TheoryMetrics::activationTopSingularFraction));
    t.finite("neuron_spread", r -> theory(r, TheoryMetrics::neuronSpread));
    t.finite("grad_norm", r -> theory(r, TheoryMetrics::gradNorm));
    t.optional("converged", BooleanType, r -> theory(r, TheoryMetrics::converged));
    t.finite("max_loss_ratio", r -> theory(r, TheoryMetrics::maxLossRatio));
    t.finite("excess_risk", r -> theory(r, TheoryMetrics::excessRisk));
    t.finite("balancedness_mean_abs", r -> theory(r, TheoryMetrics::balancednessMeanAbs));
    t.finite("balancedness_max_abs", r -> theory(r, TheoryMetrics::balancednessMaxAbs));
    t.finite("weight_norm", r -> theory(r, TheoryMetrics::weightNorm));
    t.finite("frobenius_bound_ratio_eff", r -> theory(r, TheoryMetrics::frobeniusBoundRatioEff));
    // Wu et al.'s and Gatmiry et al.'s quantities (CurvatureMetrics), appended: null in older rows.
    t.finite("mu_alignment", r -> curvature(r, CurvatureMetrics::muAlignment));
    t.finite("ms_stability_radius", r -> curvature(r, CurvatureMetrics::msStabilityRadius));
    t.finite("wu_bound_ratio", r -> curvature(r, CurvatureMetrics::wuBoundRatio));
    t.finite("trace_ratio", r -> curvature(r, CurvatureMetrics::traceRatio));
    // The warm start (issue #15), appended: init_from, init_perturb ("" and 0 in older rows).
    for (Parameter p : Parameter.addedLater()) {
      if (p.ordinal() >= Parameter.INIT_FROM.ordinal()) {
        t.required(p.column(), sparkType(p.type()), r -> r.run().values().get(p));
      }
    }
    return t.build();
  }

  /** A {@link TheoryMetrics} value of the row's diagnostics, null without diagnostics. */
  private static <T> T theory(RunRow r, java.util.function.Function<TheoryMetrics, T> metric) {
    TheoryMetrics m = r.diagnostic(DiagnosticsResult::theory);
    return m == null ? null : metric.apply(m);
  }

  /** A {@link CurvatureMetrics} value of the row's diagnostics, null without diagnostics. */
  private static Double curvature(RunRow r,
      java.util.function.ToDoubleFunction<CurvatureMetrics> metric) {
    CurvatureMetrics m = r.diagnostic(DiagnosticsResult::curvature);
    return m == null ? null : metric.applyAsDouble(m);
  }

  /** A list as a Spark row holds an array cell (a Scala sequence), or null. */
  private static scala.collection.immutable.Seq<Object> array(List<?> values) {
    return values == null ? null
        : CollectionConverters.asScala(new ArrayList<Object>(values)).toSeq();
  }

  /** As {@link #array}, each non-finite element (NaN, ±Infinity) stored as null. */
  private static scala.collection.immutable.Seq<Object> finiteArray(List<Double> values) {
    return values == null ? null
        : array(values.stream().map(TableDef::finiteOrNull).collect(
            java.util.stream.Collectors.toList()));
  }

  /** The Spark type of a parameter's column. */
  public static DataType sparkType(Parameter.Type type) {
    return switch (type) {
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case STRING -> DataTypes.StringType;
    };
  }

  /**
   * The {@code runs} row of one finished run.
   *
   * @throws IllegalArgumentException when the result belongs to another run
   */
  public static Row of(String sweep, PlannedRun run, RunResult result, Provenance where) {
    return RUNS.row(new RunRow(sweep, run, result, where));
  }

  /** The {@code trajectories} rows of one run, one per logged step. */
  public static List<Row> trajectory(String sweep, RunResult result) {
    return TRAJECTORIES.rows(result.trajectory().stream()
        .map(p -> new TrajectoryRow(sweep, result.runId(), p)).toList());
  }
}
