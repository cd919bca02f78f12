package io.sweep.worker.pack;

import java.util.EnumMap;
import java.util.Map;

/**
 * Wall time spent in each phase of the pack trainer, summed over calls: what the benchmark prints
 * to show which ops dominate. Timing adds two {@link System#nanoTime()} calls per phase, so leave
 * it off ({@code null}) for production runs.
 *
 * <p>Not thread-safe: one profile per trainer call.
 */
public final class StepProfile {

  /** The phases of a step (see {@code PackTensors}), plus evaluation and host-side work. */
  public enum Phase {
    /** Minibatch indices, label noise, copying inputs and targets to native memory. */
    LOAD,
    /** H = X W: one GEMM (fused) or one per replica (general). */
    FIRST_LAYER,
    /** Layers 2 … L: their forward products and biases, and their backward products. */
    DEEP_LAYERS,
    /** σ(Z): in place, or from the kept pre-activation (gelu, cubic, softplus). */
    ACTIVATION,
    /** P = H ⊙ a and O = P·1. */
    OUTPUT_LAYER,
    /** E = O − Ỹ + c and Σ E². */
    RESIDUAL,
    /** Ē = E·2η/B and P = σ'(H) ⊙ a. */
    MASK,
    /** P ⊙= Ē along each replica's width. */
    BROADCAST,
    /** W −= Xᵀ P. */
    WEIGHT_GRADIENT,
    /** aᵣ −= Hᵣᵀ Ēᵣ, c −= Ēᵀ1. */
    OUTPUT_GRADIENT,
    /** Momentum and weight decay: v ← μv + λθ and θ ← θ − ηv per replica. */
    OPTIMISER,
    /** Full training and test losses every log interval, divergence handling, observers. */
    EVALUATION
  }

  private final long[] nanos = new long[Phase.values().length];

  /** An empty profile. */
  public StepProfile() {}

  void add(Phase phase, long ns) {
    nanos[phase.ordinal()] += ns;
  }

  /** Nanoseconds spent in {@code phase} so far. */
  public long nanos(Phase phase) {
    return nanos[phase.ordinal()];
  }

  /** Nanoseconds in every phase. */
  public Map<Phase, Long> all() {
    Map<Phase, Long> m = new EnumMap<>(Phase.class);
    for (Phase p : Phase.values()) {
      m.put(p, nanos[p.ordinal()]);
    }
    return m;
  }

  /** Total nanoseconds over all phases. */
  public long total() {
    long t = 0;
    for (long n : nanos) {
      t += n;
    }
    return t;
  }
}
