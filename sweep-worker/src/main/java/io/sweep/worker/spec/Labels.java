package io.sweep.worker.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Config labels of the spec enums: lower case, {@code _} written {@code -}. */
final class Labels {

  private Labels() {}

  static String of(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static <E extends Enum<E>> E parse(Class<E> type, String what, String label) {
    for (E e : type.getEnumConstants()) {
      if (of(e).equalsIgnoreCase(label.trim())) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown " + what + " '" + label + "'; allowed: " + all(type));
  }

  static <E extends Enum<E>> String all(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Labels::of)
        .collect(Collectors.joining(", "));
  }
}
