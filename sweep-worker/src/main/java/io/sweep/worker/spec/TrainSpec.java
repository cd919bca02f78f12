package io.sweep.worker.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Minibatch SGD with heavy-ball momentum and weight decay on the mean squared error, with fresh
 * label noise on every minibatch, and an optional schedule of phases.
 *
 * <p>One step k (1-based) with the {@link StepSettings} in force at k (η, B, σ, μ), λ = weight
 * decay, over the trained parameters θ (PyTorch's {@code SGD(momentum=μ, weight_decay=λ)}):
 *
 * <pre>{@code
 * batch     B indices by the sampling rule, targets ỹᵢ = yᵢ + σξᵢ (ξᵢ ~ N(0, 1), fresh)
 * gradient  g = ∇θ (1/B) Σᵢ (f(xᵢ) − ỹᵢ)² + λθ         (decay on every trained weight and bias)
 * velocity  v ← μv + g                                   (v = 0 before step 1)
 * update    θ ← θ − ηv
 * }</pre>
 *
 * <p>With μ = 0 and λ = 0 this is plain SGD, θ ← θ − η∇L, exactly as in release 0.1.0.
 *
 * @param lr               step size η &gt; 0 (before any phase)
 * @param batchSize        minibatch size B ≥ 1 (≤ the sample count)
 * @param labelNoise       σ ≥ 0: every step adds fresh N(0, σ²) noise to the minibatch targets
 * @param steps            number of SGD steps ≥ 1
 * @param logEvery         the training loss is evaluated (and divergence checked) every this many
 *                         steps, ≥ 1
 * @param divergenceFactor the run diverges when its training loss exceeds this multiple of the
 *                         loss at step 0 (or becomes non-finite), &gt; 1
 * @param momentum         heavy-ball μ ∈ [0, 1) (before any phase)
 * @param weightDecay      λ ≥ 0
 * @param sampling         how batches are drawn
 * @param schedule         phases in strictly increasing order of {@link Phase#at()}, each before
 *                         the last step; empty for none
 */
public record TrainSpec(
    double lr, int batchSize, double labelNoise, long steps, int logEvery, double divergenceFactor,
    double momentum, double weightDecay, Sampling sampling, List<Phase> schedule)
    implements Serializable {

  public TrainSpec {
    Objects.requireNonNull(sampling, "sampling");
    schedule = List.copyOf(Objects.requireNonNull(schedule, "schedule"));
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("lr must be finite and > 0, got " + lr);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (!(labelNoise >= 0) || Double.isInfinite(labelNoise)) {
      throw new IllegalArgumentException("labelNoise must be finite and >= 0, got " + labelNoise);
    }
    if (steps < 1 || logEvery < 1) {
      throw new IllegalArgumentException(
          "steps and logEvery must be >= 1, got " + steps + ", " + logEvery);
    }
    if (!(divergenceFactor > 1)) {
      throw new IllegalArgumentException("divergenceFactor must be > 1, got " + divergenceFactor);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException(
          "weightDecay must be finite and >= 0, got " + weightDecay);
    }
    long previous = 0;
    for (Phase p : schedule) {
      if (p.at() <= previous) {
        throw new IllegalArgumentException(
            "schedule phases must start at increasing steps; " + p.at() + " follows " + previous);
      }
      if (p.at() >= steps) {
        throw new IllegalArgumentException(
            "the phase at " + p.at() + " starts after the last step (steps = " + steps + ")");
      }
      previous = p.at();
    }
  }

  /** Plain SGD without momentum, decay or schedule, batches without replacement (release 0.1.0). */
  public TrainSpec(
      double lr, int batchSize, double labelNoise, long steps, int logEvery,
      double divergenceFactor) {
    this(lr, batchSize, labelNoise, steps, logEvery, divergenceFactor, 0, 0,
        Sampling.WITHOUT_REPLACEMENT, List.of());
  }

  /** This spec with another budget and log interval (phases past the new budget are dropped). */
  public TrainSpec withSteps(long newSteps, int newLogEvery) {
    return new TrainSpec(lr, batchSize, labelNoise, newSteps, newLogEvery, divergenceFactor,
        momentum, weightDecay, sampling,
        schedule.stream().filter(p -> p.at() < newSteps).toList());
  }

  /** This spec with momentum μ and weight decay λ. */
  public TrainSpec withOptimiser(double mu, double lambda) {
    return new TrainSpec(lr, batchSize, labelNoise, steps, logEvery, divergenceFactor,
        mu, lambda, sampling, schedule);
  }

  /** This spec with another sampling rule and schedule. */
  public TrainSpec withSchedule(Sampling s, List<Phase> phases) {
    return new TrainSpec(lr, batchSize, labelNoise, steps, logEvery, divergenceFactor,
        momentum, weightDecay, s, phases);
  }

  /** The settings before any phase (steps 1 … first phase's {@code at}). */
  public StepSettings base() {
    return new StepSettings(lr, batchSize, labelNoise, momentum);
  }

  /** The settings in force at step k ≥ 1: the base overridden by every phase with at &lt; k. */
  public StepSettings at(long step) {
    StepSettings s = base();
    for (Phase p : schedule) {
      if (p.at() < step) {
        s = s.then(p);
      }
    }
    return s;
  }

  /**
   * The settings of each stretch of the run: element 0 is {@link #base()}, element i the settings
   * after the i-th phase (so element i applies from step {@code schedule.get(i - 1).at() + 1}).
   */
  public List<StepSettings> stretches() {
    java.util.ArrayList<StepSettings> out = new java.util.ArrayList<>();
    StepSettings s = base();
    out.add(s);
    for (Phase p : schedule) {
      s = s.then(p);
      out.add(s);
    }
    return List.copyOf(out);
  }

  /** The largest batch size of any stretch. */
  public int maxBatchSize() {
    return stretches().stream().mapToInt(StepSettings::batchSize).max().orElse(batchSize);
  }

  /** Whether this is release 0.1.0's optimiser: no momentum, decay or schedule, no replacement. */
  public boolean plainSgd() {
    return momentum == 0 && weightDecay == 0 && sampling == Sampling.WITHOUT_REPLACEMENT
        && schedule.isEmpty();
  }
}
