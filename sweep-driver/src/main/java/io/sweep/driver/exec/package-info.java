/**
 * Executing a plan on Spark: the one SparkSession ({@link io.sweep.driver.exec.SparkSessions},
 * embedded or on a cluster), the task adapter around the worker ({@link
 * io.sweep.driver.exec.RunTask}) with its GPU placement, and the waves that commit rows
 * ({@link io.sweep.driver.exec.SweepRunner}). Executor-side classes capture nothing and hold no
 * state beyond one once-per-JVM warning flag. docs/cluster.md describes cluster and GPU set-ups.
 */
package io.sweep.driver.exec;
