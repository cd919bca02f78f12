package io.sweep.driver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sweep.driver.phase.PhaseTables;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Golden test of every stored table's schema, one column a line: name, Spark type, nullability,
 * in stored order. Outside tools and notebooks rely on these names and types, and a store written
 * by an earlier release must keep reading (DESIGN.md, Contract): a column is never renamed,
 * reordered or retyped, only added at the end. A failure here means a stored schema changed; make
 * that change deliberately, or not at all.
 */
class TablesTest {

  @Test
  void runsSchemaIsPinned() {
    // lr … seed are the parameters of release 0.1.0, in Parameter order; the parameters added
    // later (depth … schedule, Parameter.addedLater()) follow finished_at; those added after the
    // per-layer columns (output_dim, the data provenance data_path and data_hash) come last
    assertSchema("""
            sweep                  string     not null
            run_id                 string     not null
            lr                     double     not null
            batch_size             int        not null
            label_noise            double     not null
            samples                int        not null
            width                  int        not null
            activation             string     not null
            init_scale             double     not null
            bias                   boolean    not null
            input_dim              int        not null
            teacher                string     not null
            teacher_width          int        not null
            data_noise             double     not null
            test_samples           int        not null
            data_type              string     not null
            steps                  bigint     not null
            log_every              int        not null
            divergence_factor      double     not null
            seed                   int        not null
            status                 string     not null
            error                  string     nullable
            train_loss             double     nullable
            test_loss              double     nullable
            interpolated           boolean    nullable
            vanished_neurons       int        nullable
            redundant_neurons      int        nullable
            independent_neurons    int        nullable
            collapse_fraction      double     nullable
            stable_rank            double     nullable
            effective_rank         double     nullable
            top_singular_fraction  double     nullable
            hessian_max_eig        double     nullable
            hessian_trace          double     nullable
            hessian_trace_se       double     nullable
            hessian_frobenius      double     nullable
            hessian_frobenius_se   double     nullable
            hessian_method         string     nullable
            stability_ratio        double     nullable
            frobenius_bound_ratio  double     nullable
            ols_distance           double     nullable
            steps_done             bigint     not null
            wall_seconds           double     not null
            diagnostics_seconds    double     not null
            executor               string     nullable
            device                 string     not null
            gpu_assigned           string     nullable
            engine_version         string     not null
            finished_at            timestamp  not null
            depth                  int        not null
            init                   string     not null
            output_init            string     not null
            train_output           boolean    not null
            momentum               double     not null
            weight_decay           double     not null
            sampling               string     not null
            full_batch             boolean    not null
            schedule               string     not null
            trainer                string     nullable
            layer_vanished_neurons     array<int>     nullable
            layer_independent_neurons  array<int>     nullable
            layer_collapse_fraction    array<double>  nullable
            layer_stable_rank          array<double>  nullable
            layer_effective_rank       array<double>  nullable
            output_dim             int        not null
            data_path              string     not null
            data_hash              string     not null
            inputs                 string     not null
            input_shift            double     not null
            constant_input         boolean    not null
            teacher_sparsity       int        not null
            teacher_activation     string     not null
            teacher_offset         double     not null
            labels                 string     not null
            label_scale            double     not null
            feature_stable_rank    double     nullable
            feature_effective_rank  double    nullable
            feature_top_singular_fraction  double  nullable
            activation_stable_rank  double    nullable
            activation_effective_rank  double  nullable
            activation_top_singular_fraction  double  nullable
            neuron_spread          double     nullable
            grad_norm              double     nullable
            converged              boolean    nullable
            max_loss_ratio         double     nullable
            excess_risk            double     nullable
            balancedness_mean_abs  double     nullable
            balancedness_max_abs   double     nullable
            weight_norm            double     nullable
            frobenius_bound_ratio_eff  double  nullable
            mu_alignment               double  nullable
            ms_stability_radius        double  nullable
            wu_bound_ratio             double  nullable
            trace_ratio                double  nullable
            init_from              string     not null
            init_perturb           double     not null
            """, Tables.RUNS_SCHEMA);
  }

  @Test
  void weightsSchemaIsPinned() {
    assertSchema("""
            sweep           string     not null
            run_id          string     not null
            layer           int        not null
            tensor          string     not null
            shape           array<int>  not null
            values          array<double>  not null
            trained         boolean    not null
            committed_at    timestamp  not null
            """, Tables.WEIGHTS_SCHEMA);
  }

  @Test
  void diagnosesAreRunsRowsWithTheirTime() {
    assertEquals(Tables.RUNS_SCHEMA.add("diagnosed_at",
        org.apache.spark.sql.types.DataTypes.TimestampType, false), Tables.DIAGNOSES_SCHEMA);
  }

  @Test
  void trajectoriesSchemaIsPinned() {
    assertSchema("""
            sweep                string     not null
            run_id               string     not null
            step                 bigint     not null
            train_loss           double     nullable
            test_loss            double     nullable
            independent_neurons  int        nullable
            collapse_fraction    double     nullable
            stable_rank          double     nullable
            hessian_max_eig      double     nullable
            grad_norm            double     nullable
            hessian_trace        double     nullable
            """, Tables.TRAJECTORIES_SCHEMA);
  }

  @Test
  void sweepLogSchemaIsPinned() {
    assertSchema("""
            sweep           string     not null
            invocation      string     not null
            source          string     nullable
            config          string     not null
            planned_runs    bigint     not null
            pending_runs    bigint     not null
            started_at      timestamp  not null
            ended_at        timestamp  nullable
            state           string     not null
            engine_version  string     not null
            """, Tables.SWEEP_LOG_SCHEMA);
  }

  @Test
  void phasesSchemaIsPinned() {
    assertSchema("""
            sweep           string     not null
            diagram         string     not null
            metric          string     not null
            agg             string     not null
            x_axis          string     not null
            y_axis          string     not null
            facet_axis      string     nullable
            at_step         bigint     nullable
            where_clause    string     nullable
            x               double     not null
            y               double     not null
            facet           string     nullable
            value           double     nullable
            ci_low          double     nullable
            ci_high         double     nullable
            seeds           int        not null
            runs            int        not null
            diverged        int        not null
            failed          int        not null
            computed_at     timestamp  not null
            engine_version  string     not null
            """, PhaseTables.PHASES.schema());
  }

  @Test
  void thresholdsSchemaIsPinned() {
    assertSchema("""
            sweep           string     not null
            axis            string     not null
            cell            string     not null
            cell_values     map<string,string>  not null
            level           double     not null
            threshold       double     nullable
            bracket_low     double     nullable
            bracket_high    double     nullable
            fraction_low    double     nullable
            fraction_high   double     nullable
            seeds_low       int        not null
            seeds_high      int        not null
            points          int        not null
            runs            int        not null
            status          string     not null
            computed_at     timestamp  not null
            engine_version  string     not null
            """, PhaseTables.THRESHOLDS.schema());
  }

  /** Ignores the runs of spaces that align the expected columns for reading. */
  private static void assertSchema(String expected, StructType schema) {
    assertEquals(expected.replaceAll(" +", " "), describe(schema));
  }

  private static String describe(StructType schema) {
    StringBuilder sb = new StringBuilder();
    for (StructField f : schema.fields()) {
      sb.append(f.name()).append(' ').append(f.dataType().simpleString()).append(' ')
          .append(f.nullable() ? "nullable" : "not null").append('\n');
    }
    return sb.toString();
  }
}
