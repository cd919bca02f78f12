/**
 * Diagnostics of a trained network of any depth: the measurements of SCIENCE.md ("Metric
 * definitions"), each implemented exactly as defined there, in double precision, from a {@link
 * io.sweep.worker.net.NetworkParameters} and the run's data.
 *
 * <ul>
 *   <li>{@link io.sweep.worker.diagnose.CollapseCounts}: vanished, redundant, independent neurons
 *       and the collapse fraction, per hidden layer and for the whole network (section 1,
 *       stochastic collapse).
 *   <li>{@link io.sweep.worker.diagnose.RankMetrics}: stable rank, effective rank, top singular
 *       fraction of W¹ and of each layer's Wˡ (section 2, rank-one features).
 *   <li>{@link io.sweep.worker.diagnose.HessianEstimates} with {@link
 *       io.sweep.worker.diagnose.Lanczos}: λmax, trace and Frobenius norm of the Hessian of the
 *       training loss ({@link io.sweep.worker.diagnose.TwoLayerMse} for one hidden layer with a
 *       trained output, {@link io.sweep.worker.diagnose.NetworkMse} at any depth and with a frozen
 *       output), dense and exact for small
 *       networks, Lanczos and Hutchinson otherwise (section 3, bounded sharpness); {@link
 *       io.sweep.worker.diagnose.LinearMse} is the quadratic with a known Hessian that tests them.
 *   <li>{@link io.sweep.worker.diagnose.LeastSquares}: the minimum-norm least-squares fit and the
 *       network's distance to it (section 4, optimisation threshold).
 *   <li>{@link io.sweep.worker.diagnose.Diagnostics}: all of them at the end of a run, with the
 *       stability ratios and the interpolation flag, as a {@link
 *       io.sweep.worker.diagnose.DiagnosticsResult}.
 *   <li>The pack path (issue 17): {@link io.sweep.worker.diagnose.PackDiagnostics} gives {@link
 *       io.sweep.worker.diagnose.Diagnostics} the Hessian by {@link
 *       io.sweep.worker.diagnose.BlockHessian} (Hessian-vector products in blocks, as OpenBLAS
 *       matrix products: through the Jacobian for {@link io.sweep.worker.diagnose.TwoLayerMse}'s
 *       Hutchinson probes, R-passes over all samples at once for {@link
 *       io.sweep.worker.diagnose.NetworkMse}) and one least-squares
 *       fit per data set; {@link io.sweep.worker.diagnose.Evaluation} evaluates a network on a
 *       whole sample set as matrix products. Same numbers as the one-at-a-time oracles to
 *       rounding (1e-12 relative; the Hessian estimators, same random streams, 1e-9).
 *   <li>The packed trajectory (issue 17): {@link io.sweep.worker.diagnose.PackTrajectory} computes
 *       the trajectory points of all replicas of a pack's log step together, the test loss and
 *       grad_norm of one seed's replicas by {@code PackedEvaluation}
 *       (few wide OpenBLAS products on native buffers, {@code PointerGemm}, and row passes in
 *       cache, {@code ActivationLoops}); {@link io.sweep.worker.diagnose.TrajectoryRecorder},
 *       one run at a time, is its slow twin (the same points to 1e-12 relative, collapse counts
 *       exactly).
 * </ul>
 *
 * <p><b>Loss convention.</b> L(θ) = (1/n) Σᵢ (f(xᵢ) − yᵢ)² over the full training set with the
 * data set's labels, no factor ½ — the loss the trainer's SGD differentiates (see {@code
 * io.sweep.worker.train}); with k outputs the mean over all n·k entries, (1/(n·k)) Σᵢ Σₒ (fₒ(xᵢ)
 * − yᵢₒ)². Parameters θ are ordered as {@link io.sweep.worker.diagnose.ParameterLayout} says:
 * layer by layer, Wˡ row-major then bˡ (with bias), then A (k × m row-major; a for one output)
 * and c (k entries, with bias) when the output trains; at depth 1 with one output W, b, a, c.
 *
 * <p><b>Units.</b> Losses and ols_distance in squared label units; Hessian entries in loss per
 * squared parameter unit; counts, ranks and ratios are dimensionless.
 *
 * <p><b>Seeds.</b> Only the estimated Hessian path draws random numbers: the Lanczos start vector
 * from stream {@code "lanczos"} and the Hutchinson probes from stream {@code "hutchinson"}, each a
 * {@link java.util.SplittableRandom} seeded with {@link io.sweep.worker.data.Seeds#derive(long,
 * String) Seeds.derive(runSeed, stream)}. Everything is deterministic in its inputs.
 *
 * <p><b>Testing.</b> Every fast path has a slow twin in the tests: the analytic gradient against
 * central finite differences of the loss, the analytic Hessian-vector product against finite
 * differences of the gradient, Lanczos and Hutchinson against the dense Hessian, the least-squares
 * fit against known coefficients.
 *
 * <p><b>Thread-safety.</b> Every class is stateless or immutable (but {@link
 * io.sweep.worker.diagnose.PackDiagnostics}, one per pack, which keeps its fits, and the
 * recorders: {@link io.sweep.worker.diagnose.TrajectoryRecorder} one per run, {@link
 * io.sweep.worker.diagnose.PackTrajectory} one per pack, with its native buffers); concurrent
 * calls share nothing.
 */
package io.sweep.worker.diagnose;
