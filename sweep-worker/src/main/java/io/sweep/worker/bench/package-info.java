/**
 * The training benchmark of PERFORMANCE.md as plain Java (no Spark): the pack trainer's
 * replica-steps per second per core on the tiny and medium workloads, the same for the naive DL4J
 * loop (the reference {@link io.sweep.worker.train.Trainer}), and the engine's FLOP rate against
 * a float32 GEMM ceiling measured in the same process.
 *
 * <p>{@link io.sweep.worker.bench.Benchmark#run(io.sweep.worker.bench.BenchOptions)} returns a
 * {@link io.sweep.worker.bench.BenchReport}; the driver's {@code bench} verb prints it and adds
 * the end-to-end Spark figures. FLOPs per replica-step are 6·B·(d·m + m) (PERFORMANCE.md's
 * count). Rates are per second of the process's CPU time in steady state, with ND4J and OpenBLAS
 * on one thread ("per core"); wall-time and calling-thread rates are reported beside them.
 *
 * <p>Not thread-safe: a run changes ND4J's global thread settings and restores them at the end.
 */
package io.sweep.worker.bench;
