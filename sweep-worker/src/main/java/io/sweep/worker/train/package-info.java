/**
 * Training a network of L hidden layers with minibatch SGD (heavy-ball momentum, weight decay,
 * schedules) and per-step label noise, through DL4J: the reference trainer.
 *
 * <p><b>The model.</b> f(x) = a·hᴸ + c with hˡ = σ(Wˡhˡ⁻¹ + bˡ), width m ({@link
 * io.sweep.worker.spec.ModelSpec}), built by {@link io.sweep.worker.train.NetworkFactory} as L
 * DL4J {@code DenseLayer}s (d → m, then m → m, σ) and an identity {@code OutputLayer} (m → 1), in
 * single precision ({@code float}). Biases b, c exist only when {@link
 * io.sweep.worker.spec.ModelSpec#bias()} is set. The optimiser is {@link
 * io.sweep.worker.train.HeavyBall} with DL4J's L2 as weight decay; a frozen output layer has a
 * {@link io.sweep.worker.train.FrozenUpdater}.
 *
 * <p><b>The loss.</b> On a minibatch of B samples with noisy targets ỹᵢ = yᵢ + σξᵢ, one
 * plain-SGD step is θ ← θ − η ∇L with L = (1/B) Σᵢ (f(xᵢ) − ỹᵢ)². This is what DL4J's {@code LossMSE}
 * with {@code miniBatch(true)} differentiates: {@code LossMSE} is {@code LossL2} (Σ over
 * outputs of the squared error, gradient 2(f − y)) divided by nOut = 1, and the updater divides
 * the summed gradient by B. No factor ½. Pinned by a hand-computed test. "Training loss" is
 * (1/n) Σ (f(xᵢ) − yᵢ)² over the whole training set, on its own labels, without label noise
 * (SCIENCE.md, "Two kinds of noise"); the test loss is the same on the test set. Both are
 * evaluated in double precision from the network's float outputs.
 *
 * <p><b>Seeds.</b> Streams of the run seed (see {@link io.sweep.worker.data.Seeds}): {@code
 * "init"} for the initial weights ({@link io.sweep.worker.train.InitialParameters}), {@code
 * "batches"} for the minibatch permutations ({@link io.sweep.worker.train.MinibatchSampler}),
 * {@code "label-noise"} for the B Gaussians drawn at every step, even when σ = 0. DL4J's own
 * initialisation is overwritten, so its RNG plays no part.
 *
 * <p><b>Thread-safety.</b> {@link io.sweep.worker.train.Trainer}, {@link
 * io.sweep.worker.train.NetworkFactory} and {@link io.sweep.worker.train.InitialParameters} are
 * stateless or immutable; a {@link io.sweep.worker.train.MinibatchSampler} and a DL4J network
 * belong to one run on one thread. Runs on different threads share nothing.
 */
package io.sweep.worker.train;
