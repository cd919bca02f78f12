/**
 * One training run as a plain function: {@link io.sweep.worker.run.RunSpec} in, {@link
 * io.sweep.worker.run.RunResult} out ({@link io.sweep.worker.run.Runner#run(RunSpec)}).
 *
 * <p>The records here are what crosses the Spark boundary: immutable, {@link java.io.Serializable},
 * validated in their compact constructors, fully resolved (no defaults are applied below the
 * driver's config).
 *
 * <p><b>Units.</b> Losses are mean squared errors in the units of the labels (squared); wall time
 * in seconds; steps are SGD updates.
 *
 * <p><b>Seeds.</b> Every random draw of a run derives from {@link
 * io.sweep.worker.run.RunSpec#seed()} through {@link io.sweep.worker.data.Seeds}; the same spec
 * gives bitwise the same losses.
 *
 * <p><b>Thread-safety.</b> Everything here is immutable or stateless: several {@code Runner.run}
 * calls may run at once in one JVM (Spark's task threads in local mode).
 */
package io.sweep.worker.run;
