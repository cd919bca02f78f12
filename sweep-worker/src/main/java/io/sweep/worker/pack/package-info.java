/**
 * Replica packs: many runs of one shape trained as one set of batched float32 tensors, each run
 * reproducing the trajectory of the reference {@link io.sweep.worker.train.Trainer} (the slow,
 * obvious twin the tests compare against).
 *
 * <p><b>Why.</b> A two-layer network of width 64 on 20 inputs with batches of 16 needs about
 * 10⁵ FLOPs per SGD step, microseconds of arithmetic, while one ND4J op costs 6–70 µs of
 * overhead and DL4J's {@code fit} about 1–2.5 ms (PERFORMANCE.md). A {@link
 * io.sweep.worker.pack.Pack} of R runs makes every op serve all R replicas: a fixed sequence of
 * about 7 ND4J element-wise ops and a handful of BLAS calls per step, whatever R is.
 *
 * <p><b>Model space.</b> Every {@link io.sweep.worker.spec.ModelSpec} and {@link
 * io.sweep.worker.spec.TrainSpec}: depth L ≥ 1 (layer 1 as one wide product, layers 2 … L one
 * small product per replica), relu, tanh, linear (σ in place, σ′ from h) and gelu, cubic,
 * softplus (the pre-activation kept; gelu is the spec's tanh form spelled out in float ops, since
 * ND4J's GELU ops compute other functions), heavy-ball momentum and weight decay (per-replica
 * velocities; a pack without either takes 0.1.0's plain path, θ updated in place with η folded
 * into the residuals), frozen output, k ≥ 1 outputs (k = 1 keeps the fused output products; k &gt; 1
 * one small output product per replica, targets B × R·k, residual factor 2/(B·k)), schedules (buffers sized for the largest batch, every BLAS
 * call on the stretch's B), sampling with or without replacement. Only a non-CPU backend falls
 * back to the reference ({@link io.sweep.worker.pack.PackTrainer#unsupported}).
 *
 * <p><b>Paths.</b> Runs of a pack share the model (but init scale, init and output init), data
 * spec, steps, log interval, sampling, phase starts and each stretch's batch size; lr, label noise
 * σ and momentum of each stretch, weight decay, init scale and divergence factor are per replica
 * and broadcast along the replica axis. When they also share the seed (a <em>fused</em> pack) they
 * share data, minibatch indices and label-noise draws ξ (common random numbers, which the
 * reference derives from the seed), and the first layer of all replicas is one (B × d)·(d × R·m)
 * GEMM forward and one for the weight gradient. Otherwise (the <em>general</em> path) each
 * replica gets its own minibatch and one small GEMM per replica for those two products; the rest
 * is shared.
 *
 * <p><b>Semantics.</b> Per replica exactly the reference algorithm: initial weights from stream
 * {@code "init"}, minibatches from stream {@code "batches"}, B Gaussians per step from stream
 * {@code "label-noise"} (B·k with k outputs), ỹ = y + σξ (in double, rounded to float), g = ∇L +
 * λθ with L = (1/(B·k)) ΣΣ (f − ỹ)², v ← μv + g, θ ← θ − ηv (θ ← θ − η∇L on the plain path), the same divergence rules
 * and messages, the same observer calls. Only the order of floating-point operations differs; the
 * tests hold every replica's parameters after 120–200 steps to 2·10⁻⁵ of the reference's scale
 * and of a double-precision oracle's, at depths 1–3, for every activation, momentum, decay, frozen
 * output, schedules and both samplings, and k = 3 outputs at depths 1–2 (observed: under 10⁻⁶;
 * see {@code PackTrainerTest}).
 *
 * <p><b>Units.</b> Losses are mean squared errors in label units squared; steps are SGD updates;
 * {@link io.sweep.worker.pack.StepProfile} times are nanoseconds of wall time.
 *
 * <p><b>Seeds.</b> Only the runs' own seeds, through {@link io.sweep.worker.data.Seeds}; a
 * pack's result for a run does not depend on which other runs share the pack (up to float32
 * rounding of the wide products).
 *
 * <p><b>Backend and threads.</b> ND4J's CPU backend (nd4j-native): products go straight to its
 * OpenBLAS ({@code Blas}) and broadcasts straight to libnd4j ({@code Kernel}), on pointers
 * resolved once per pack, skipping ND4J's per-call Java machinery. Thread counts are ND4J's and
 * OpenBLAS's global settings, untouched here. {@link io.sweep.worker.pack.Pack} and {@link
 * io.sweep.worker.pack.ReplicaOutcome} are immutable; a {@link io.sweep.worker.pack.PackTrainer}
 * without a profile is stateless and may serve several threads, each call allocating (and
 * freeing) its own tensors.
 */
package io.sweep.worker.pack;
