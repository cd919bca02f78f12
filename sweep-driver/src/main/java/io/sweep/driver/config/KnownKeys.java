package io.sweep.driver.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The keys a block of the configuration may hold, and the wording of unknown-key errors. Each
 * block's keys are declared once and read from there by both its parser and its errors: those of
 * {@code model}, {@code data} and {@code train} by {@link Parameter}, the others by a {@code Key}
 * enum of their parser, each constant the kebab-case of its name ({@code LOG_DIR} is {@code
 * log-dir}).
 */
final class KnownKeys {
  private KnownKeys() {}

  /** The key of an enum constant: {@code LOG_DIR} → {@code log-dir}. */
  static String key(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The full path of a key of the block at {@code block}, e.g. {@code engine.log-dir}. */
  static String path(String block, Enum<?> key) {
    return block + "." + key(key);
  }

  /** The keys of every constant of {@code keys}, in declaration order. */
  static <E extends Enum<E>> List<String> of(Class<E> keys) {
    return Arrays.stream(keys.getEnumConstants()).map(KnownKeys::key).toList();
  }

  /** {@code what}, a did-you-mean when one key is close, and the keys allowed. */
  static String unknown(String what, String key, List<String> known) {
    return what + suggestion(key, known) + "; known keys: " + String.join(", ", known);
  }

  /**
   * {@code " (did you mean 'k'?)"} for the known key nearest to {@code key} (the first, on a tie)
   * when it is within max(2, length / 3) edits; else empty.
   */
  static String suggestion(String key, List<String> known) {
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    Map<Integer, String> best = new LinkedHashMap<>();
    for (String k : known) {
      best.putIfAbsent(distance.apply(key, k), k);
    }
    return best.keySet().stream()
        .min(Integer::compare)
        .filter(d -> d <= Math.max(2, key.length() / 3))
        .map(d -> " (did you mean '" + best.get(d) + "'?)")
        .orElse("");
  }
}
