/**
 * Seeded synthetic data: the teacher-student data sets of SCIENCE.md ("Data models").
 *
 * <p><b>Seeds.</b> Every random draw of a run comes from a {@link java.util.SplittableRandom}
 * seeded with {@link io.sweep.worker.data.Seeds#derive(long, String) Seeds.derive(runSeed,
 * stream)}, one independent stream per purpose: {@code "teacher"}, {@code "train"}, {@code
 * "test"} here, {@code "init"}, {@code "batches"}, {@code "label-noise"} in {@code train}. No
 * unseeded generator and no ND4J global RNG is ever used, so a data set is a pure function of
 * ({@link io.sweep.worker.spec.DataSpec}, seed), identical on every machine running JDK 17+.
 *
 * <p><b>Units.</b> Inputs are standard Gaussian, x ~ N(0, I_d); labels are in the units of the
 * teacher, scaled so that a noiseless label has variance 1 (the linear teacher's coefficient
 * vector has unit norm; the two-layer teacher is divided by its exact output standard deviation),
 * and {@code dataNoise} is a standard deviation on that scale.
 *
 * <p><b>Pairing.</b> Samples are drawn one after the other from the training stream, so the first
 * n samples of every data set of a seed are the same (nested prefixes across sample counts), and
 * the inputs do not depend on {@code dataNoise}.
 *
 * <p><b>Thread-safety.</b> {@link io.sweep.worker.data.Seeds} is stateless; {@link
 * io.sweep.worker.data.Samples} and {@link io.sweep.worker.data.TeacherStudent} are immutable
 * once built (their arrays must be treated as read-only) and may be shared between threads.
 */
package io.sweep.worker.data;
