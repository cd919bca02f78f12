package io.sweep.worker.data;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Derives the seed of one named random stream from a run's seed.
 *
 * <p>{@code derive(seed, stream)} hashes the stream name's UTF-8 bytes with 64-bit FNV-1a, then
 * mixes it with the run seed through the SplitMix64 finaliser (Steele, Lea &amp; Flood, "Fast
 * splittable pseudorandom number generators", OOPSLA 2014):
 *
 * <pre>{@code
 * derive(seed, stream) = mix64(mix64(seed + GOLDEN_GAMMA) ^ mix64(fnv1a64(utf8(stream))))
 * }</pre>
 *
 * <p>so streams of one run are unrelated to each other, and a stream of one run is unrelated to
 * the same stream of a neighbouring seed. The value is pinned by a test: changing it changes every
 * stored result.
 *
 * <p>Usage, everywhere in the worker: {@code new SplittableRandom(Seeds.derive(seed, "train"))},
 * then {@code nextGaussian()} / {@code nextInt(bound)}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Seeds {

  /** The stream of the teacher's coefficients β*. */
  public static final String TEACHER = "teacher";
  /** The stream of the training samples (inputs, then data noise, sample by sample). */
  public static final String TRAIN = "train";
  /** The stream of the test samples. */
  public static final String TEST = "test";
  /** The stream of uniform training labels ({@code data.labels = uniform}), k per sample. */
  public static final String TRAIN_LABELS = "train-labels";
  /** The stream of uniform test labels. */
  public static final String TEST_LABELS = "test-labels";
  /** The stream of the network's initial weights. */
  public static final String INIT = "init";
  /** The stream of the perturbation of a warm start ({@code model.init-perturb}). */
  public static final String INIT_PERTURB = "init-perturb";
  /** The stream of the minibatch permutations. */
  public static final String BATCHES = "batches";
  /** The stream of the per-step label noise. */
  public static final String LABEL_NOISE = "label-noise";

  /** 2⁶⁴ / φ, SplitMix64's increment. */
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final long FNV_OFFSET = 0xCBF29CE484222325L;
  private static final long FNV_PRIME = 0x100000001B3L;

  private Seeds() {}

  /**
   * The seed of stream {@code stream} of the run with seed {@code seed}.
   *
   * @param seed   the run's seed (any long)
   * @param stream the stream's name, e.g. {@link #TRAIN}; compared by its UTF-8 bytes
   * @return a well-mixed 64-bit seed, deterministic in both arguments
   */
  public static long derive(long seed, String stream) {
    Objects.requireNonNull(stream, "stream");
    long h = FNV_OFFSET;
    for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= FNV_PRIME;
    }
    return mix64(mix64(seed + GOLDEN_GAMMA) ^ mix64(h));
  }

  /** SplitMix64's finaliser (variant 13 of Stafford's mixers): a bijection on 64-bit values. */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
