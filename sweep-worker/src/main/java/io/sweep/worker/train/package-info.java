/**
 * Training a network of L hidden layers with minibatch SGD (heavy-ball momentum, weight decay,
 * schedules) and per-step label noise, through DL4J: the reference trainer.
 *
 * <p><b>The model.</b> f(x) = A hᴸ + c ∈ ℝᵏ with hˡ = σ(Wˡhˡ⁻¹ + bˡ), width m, k outputs ({@link
 * io.sweep.worker.spec.ModelSpec}), built by {@link io.sweep.worker.train.NetworkFactory} as L
 * DL4J {@code DenseLayer}s (d → m, then m → m, σ) and an identity {@code OutputLayer} (m → k), in
 * single precision ({@code float}). Biases b, c exist only when {@link
 * io.sweep.worker.spec.ModelSpec#bias()} is set. The optimiser is {@link
 * io.sweep.worker.train.HeavyBall} with DL4J's L2 as weight decay; a frozen output layer has a
 * {@link io.sweep.worker.train.FrozenUpdater}.
 *
 * <p><b>The loss.</b> On a minibatch of B samples with noisy targets ỹᵢₒ = yᵢₒ + σξᵢₒ, one
 * plain-SGD step is θ ← θ − η ∇L with L = (1/(B·k)) Σᵢ Σₒ (fₒ(xᵢ) − ỹᵢₒ)², the mean over all B·k
 * entries ((1/B) Σᵢ (f(xᵢ) − ỹᵢ)² for one output). This is what DL4J's {@code LossMSE} with
 * {@code miniBatch(true)} differentiates: in 1.0.0-M2.1 {@code LossMSE} is {@code LossL2} (Σ over
 * outputs of the squared error, gradient 2(f − y)) with both score and gradient divided by the
 * label width k ({@code labels.size(1)}), and the updater divides the summed gradient by B. No
 * factor ½. Pinned by hand-computed tests (k = 1 and k = 3). "Training loss" is (1/(n·k)) Σᵢ Σₒ
 * (fₒ(xᵢ) − yᵢₒ)² over the whole training set, on its own labels, without label noise
 * (SCIENCE.md, "Two kinds of noise"); the test loss is the same on the test set. Both are
 * evaluated in double precision from the network's float outputs.
 *
 * <p><b>Seeds.</b> Streams of the run seed (see {@link io.sweep.worker.data.Seeds}): {@code
 * "init"} for the initial weights ({@link io.sweep.worker.train.InitialParameters}), {@code
 * "batches"} for the minibatch permutations ({@link io.sweep.worker.train.MinibatchSampler}),
 * {@code "label-noise"} for the B·k Gaussians drawn at every step (sample by sample, output by
 * output), even when σ = 0. DL4J's own
 * initialisation is overwritten, so its RNG plays no part.
 *
 * <p><b>Thread-safety.</b> {@link io.sweep.worker.train.Trainer}, {@link
 * io.sweep.worker.train.NetworkFactory} and {@link io.sweep.worker.train.InitialParameters} are
 * stateless or immutable; a {@link io.sweep.worker.train.MinibatchSampler} and a DL4J network
 * belong to one run on one thread. Runs on different threads share nothing.
 */
package io.sweep.worker.train;
