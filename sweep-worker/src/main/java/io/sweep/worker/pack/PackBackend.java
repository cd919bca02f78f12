package io.sweep.worker.pack;

import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which implementation of the pack trainer's tensors trains a pack ({@code engine.pack-backend}).
 *
 * <ul>
 *   <li>{@link #NATIVE_CPU}: {@link PackTensors}, OpenBLAS and libnd4j called on raw pointers;
 *       needs ND4J's CPU backend (nd4j-native), the fastest path there;
 *   <li>{@link #ND4J}: {@link Nd4jPackTensors}, backend-neutral ND4J ops (batched matrix products
 *       over the replica axis, broadcast ops, preallocated arrays); runs on any backend, CUDA
 *       included;
 *   <li>{@link #AUTO}: native-cpu on ND4J's CPU backend, nd4j on any other.
 * </ul>
 *
 * <p>native-cpu on a backend other than the CPU one is not an error at configuration time (the
 * driver's backend need not be the executors'): the pack falls back to the reference trainer and
 * its rows say why ({@link PackTrainer#unsupported(Pack, PackBackend)}).
 */
public enum PackBackend {
  AUTO("auto"),
  NATIVE_CPU("native-cpu"),
  ND4J("nd4j");

  private final String key;

  PackBackend(String key) {
    this.key = key;
  }

  /** The value as written in {@code engine.pack-backend}. */
  public String key() {
    return key;
  }

  /** The backend of a key ({@code auto}, {@code native-cpu}, {@code nd4j}), case-insensitive. */
  public static PackBackend of(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT);
    for (PackBackend b : values()) {
      if (b.key.equals(k)) {
        return b;
      }
    }
    throw new IllegalArgumentException(
        "unknown pack backend '" + key + "'; expected auto, native-cpu or nd4j");
  }

  /** The concrete path: AUTO resolved against ND4J's backend in this JVM, the others themselves. */
  public PackBackend resolve() {
    if (this != AUTO) {
      return this;
    }
    return cpuBackend() ? NATIVE_CPU : ND4J;
  }

  /**
   * The {@code trainer} column of a run trained by this (resolved) path: {@code pack} for the
   * native-CPU path (the value since 0.1.0), {@code pack:nd4j} for the neutral one.
   */
  public String trainer() {
    return switch (resolve()) {
      case NATIVE_CPU -> "pack";
      case ND4J -> "pack:nd4j";
      case AUTO -> throw new AssertionError("resolved");
    };
  }

  /** Whether ND4J runs on its CPU backend (nd4j-native) in this JVM. */
  static boolean cpuBackend() {
    return Nd4j.getEnvironment().isCPU();
  }

  /** The name of ND4J's backend in this JVM, for messages. */
  static String backendName() {
    return Nd4j.getBackend().getClass().getSimpleName();
  }
}
