/**
 * What a run is, as typed records: {@link io.sweep.worker.spec.RunSpec} (a seed and the {@link
 * io.sweep.worker.spec.ModelSpec}, {@link io.sweep.worker.spec.DataSpec} and {@link
 * io.sweep.worker.spec.TrainSpec} it combines), their enumerations ({@link
 * io.sweep.worker.spec.Activation}, {@link io.sweep.worker.spec.Teacher}) and the outcome
 * vocabulary {@link io.sweep.worker.spec.RunStatus}.
 *
 * <p>A leaf: nothing here imports any other package of sweep (the architecture test enforces it),
 * so the driver's config and plan, and every package of the worker, can depend on the specs without
 * a cycle. A new model, data or training option starts here, as a field of a spec record.
 *
 * <p>The records are what crosses the Spark boundary: immutable, {@link java.io.Serializable},
 * validated in their compact constructors, fully resolved (no defaults are applied below the
 * driver's config).
 */
package io.sweep.worker.spec;
