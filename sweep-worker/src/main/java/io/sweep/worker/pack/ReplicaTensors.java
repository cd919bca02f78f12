package io.sweep.worker.pack;

/**
 * What {@link PackTrainer} needs of a pack's tensors: load parameters, inputs and targets in the
 * host layouts documented in {@link PackTensors}, make one optimiser step of every replica, read
 * outputs, residuals and parameters back. Two implementations: {@link PackTensors} (ND4J's CPU
 * backend, OpenBLAS on raw pointers) and {@link Nd4jPackTensors} (backend-neutral ND4J ops, any
 * backend). The host layouts are the contract between the trainer and either; each keeps its own
 * device layout. Not thread-safe.
 */
interface ReplicaTensors extends AutoCloseable {

  /** Sets every parameter (host layout of {@link PackTensors}) and zeroes the velocities. */
  void loadParameters(float[][] hostW, float[][] hostB, float[] hostA, float[] hostC);

  /** Copies every parameter to the heap (same layout as {@link #loadParameters}). */
  void readParameters(float[][] hostW, float[][] hostB, float[] hostA, float[] hostC);

  /** Copies the output biases c (R·k) to the heap. */
  void readOutputBias(float[] hostC);

  /** Sets the per-replica residual factor s (R values; 0 freezes). */
  void loadStepScale(float[] scale);

  /** Sets the per-replica η, μ, λ of the velocity path (all 0 freezes a replica). */
  void loadOptimiser(float[] lr, float[] momentum, float[] decay);

  /** The batch size B ≤ B̂ of the following steps (also the rows of a forward pass). */
  void batch(int rowsPerStep);

  /** Replica r's parameters and velocities become 0. */
  void zeroReplica(int r);

  /** Loads the inputs: fused B̂ × d̃, general R × B̂ × d̃ (the first B rows of each block used). */
  void loadInputs(float[] hostX);

  /** Loads the targets ỹ, B̂ × R·k (the first B rows used). */
  void loadTargets(float[] hostTargets);

  /** Turns phase timing on or off. */
  void timing(boolean on);

  /** O = f(X) − c for the first B rows of the loaded inputs. */
  void forward();

  /** Copies the outputs O = f(X) − c to the heap, B̂ × R·k (the first B rows meaningful). */
  void readOutputs(float[] hostOut);

  /** Turns the outputs into residuals E = f(X) − Ỹ and returns Σ E² (for the finiteness check). */
  float residuals();

  /** Copies the residuals E to the heap, B̂ × R·k (the first B rows meaningful). */
  void readResiduals(float[] hostE);

  /** The optimiser step of every replica from the residuals left by {@link #residuals()}. */
  void backward();

  /** Frees the tensors, each exactly once; closing again does nothing. */
  @Override
  void close();
}
