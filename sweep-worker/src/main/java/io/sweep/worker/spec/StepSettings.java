package io.sweep.worker.spec;

import java.io.Serializable;

/**
 * The knobs in force at one step of a run: its {@link TrainSpec}'s base values overridden by the
 * schedule's phases that have started ({@link TrainSpec#at}).
 *
 * @param lr         step size η
 * @param batchSize  minibatch size B
 * @param labelNoise label-noise σ
 * @param momentum   heavy-ball momentum μ
 */
public record StepSettings(double lr, int batchSize, double labelNoise, double momentum)
    implements Serializable {

  /** These settings with a phase's knobs applied. */
  StepSettings then(Phase p) {
    return new StepSettings(
        p.lr() != null ? p.lr() : lr,
        p.batchSize() != null ? p.batchSize() : batchSize,
        p.labelNoise() != null ? p.labelNoise() : labelNoise,
        p.momentum() != null ? p.momentum() : momentum);
  }
}
