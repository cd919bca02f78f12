package io.sweep.worker.pack;

/**
 * {@link PackTensors} (OpenBLAS and libnd4j on raw pointers, ND4J's CPU backend only) seen as
 * {@link ReplicaTensors}. A class of its own so that the native-CPU classes are loaded only when
 * this path is chosen, never on another backend.
 */
final class NativeCpuTensors implements ReplicaTensors {

  private final PackTensors t;

  NativeCpuTensors(PackTensors tensors) {
    this.t = tensors;
  }

  @Override
  public void loadParameters(float[][] hostW, float[][] hostB, float[] hostA, float[] hostC) {
    t.loadParameters(hostW, hostB, hostA, hostC);
  }

  @Override
  public void readParameters(float[][] hostW, float[][] hostB, float[] hostA, float[] hostC) {
    t.readParameters(hostW, hostB, hostA, hostC);
  }

  @Override
  public void readOutputBias(float[] hostC) {
    t.c.get(hostC);
  }

  @Override
  public void loadStepScale(float[] scale) {
    t.loadStepScale(scale);
  }

  @Override
  public void loadOptimiser(float[] lr, float[] momentum, float[] decay) {
    t.loadOptimiser(lr, momentum, decay);
  }

  @Override
  public void batch(int rowsPerStep) {
    t.batch(rowsPerStep);
  }

  @Override
  public void zeroReplica(int r) {
    t.zeroReplica(r);
  }

  @Override
  public void loadInputs(float[] hostX) {
    t.loadInputs(hostX);
  }

  @Override
  public void loadTargets(float[] hostTargets) {
    t.loadTargets(hostTargets);
  }

  @Override
  public void timing(boolean on) {
    t.timing(on);
  }

  @Override
  public void forward() {
    t.forward();
  }

  @Override
  public void readOutputs(float[] hostOut) {
    t.readOutputs(hostOut);
  }

  @Override
  public float residuals() {
    return t.residuals();
  }

  @Override
  public void readResiduals(float[] hostE) {
    t.readResiduals(hostE);
  }

  @Override
  public void backward() {
    t.backward();
  }

  @Override
  public void close() {
    t.close();
  }
}
