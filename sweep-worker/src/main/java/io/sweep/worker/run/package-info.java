/**
 * One training run as a plain function: {@link io.sweep.worker.spec.RunSpec} in, {@link
 * io.sweep.worker.run.RunResult} out ({@link io.sweep.worker.run.Runner}); the specs themselves
 * live in the leaf package {@link io.sweep.worker.spec}.
 *
 * <p><b>Units.</b> Losses are mean squared errors in the units of the labels (squared); wall time
 * in seconds; steps are SGD updates.
 *
 * <p><b>Seeds.</b> Every random draw of a run derives from {@link
 * io.sweep.worker.spec.RunSpec#seed()} through {@link io.sweep.worker.data.Seeds}; the same spec
 * gives bitwise the same losses.
 *
 * <p><b>Thread-safety.</b> Everything here is immutable or stateless: several {@code Runner.run}
 * calls may run at once in one JVM (Spark's task threads in local mode).
 */
package io.sweep.worker.run;
