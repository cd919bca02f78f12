package io.sweep.driver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Golden test of the table schemas: outside tools and notebooks rely on these names and types
 * (DESIGN.md, Contract). Changing one is a contract change; add columns at the end instead.
 */
class TablesTest {

  @Test
  void runsSchemaIsPinned() {
    assertEquals(
        "sweep:string,run_id:string,lr:double,batch_size:int,label_noise:double,samples:int,"
            + "width:int,activation:string,init_scale:double,bias:boolean,input_dim:int,"
            + "teacher:string,teacher_width:int,data_noise:double,test_samples:int,"
            + "data_type:string,steps:bigint,"
            + "log_every:int,divergence_factor:double,seed:int,status:string,error:string,"
            + "train_loss:double,test_loss:double,interpolated:boolean,vanished_neurons:int,"
            + "redundant_neurons:int,independent_neurons:int,collapse_fraction:double,"
            + "stable_rank:double,effective_rank:double,top_singular_fraction:double,"
            + "hessian_max_eig:double,hessian_trace:double,hessian_trace_se:double,"
            + "hessian_frobenius:double,hessian_frobenius_se:double,hessian_method:string,"
            + "stability_ratio:double,frobenius_bound_ratio:double,ols_distance:double,"
            + "steps_done:bigint,wall_seconds:double,diagnostics_seconds:double,"
            + "executor:string,device:string,gpu_assigned:string,engine_version:string,"
            + "finished_at:timestamp",
        describe(Tables.RUNS_SCHEMA));
  }

  @Test
  void sweepLogSchemaIsPinned() {
    assertEquals(
        "sweep:string,invocation:string,source:string,config:string,planned_runs:bigint,"
            + "pending_runs:bigint,started_at:timestamp,ended_at:timestamp,state:string,"
            + "engine_version:string",
        describe(Tables.SWEEP_LOG_SCHEMA));
  }

  @Test
  void trajectoriesSchemaIsPinned() {
    assertEquals(
        "sweep:string,run_id:string,step:bigint,train_loss:double,test_loss:double,"
            + "independent_neurons:int,collapse_fraction:double,stable_rank:double,"
            + "hessian_max_eig:double",
        describe(Tables.TRAJECTORIES_SCHEMA));
  }

  private static String describe(org.apache.spark.sql.types.StructType schema) {
    StringBuilder sb = new StringBuilder();
    for (var f : schema.fields()) {
      sb.append(sb.isEmpty() ? "" : ",").append(f.name()).append(':').append(f.dataType().simpleString());
    }
    return sb.toString();
  }
}
