package io.sweep.driver.plan;

import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.Values;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Deterministic run ids: the first 16 hex digits (64 bits) of SHA-256 over the sweep name and every
 * parameter of the run, in canonical order and canonical number format. So 0.001 and 1e-3 give
 * the same id, the order of keys in the file does not matter, and the same run always has the same
 * id on every machine and in every invocation — the basis of resume. A parameter added later is
 * hashed only when it differs from its neutral value ({@link Parameter#neutral}), so older runs
 * keep their ids.
 */
public final class RunIds {
  private RunIds() {}

  /** The canonical text that is hashed (exposed for tests and debugging). */
  public static String canonicalText(String sweep, Map<Parameter, Object> values) {
    return canonicalText(sweep, values, Parameter::neutral);
  }

  /**
   * The canonical text with the given neutral values: a parameter at its neutral value is left
   * out, so that adding a parameter does not change the id of any run that does not use it.
   */
  static String canonicalText(
      String sweep, Map<Parameter, Object> values, Function<Parameter, Optional<Object>> neutral) {
    StringBuilder sb = new StringBuilder("sweep=").append(sweep).append('\n');
    for (Parameter p : Parameter.values()) {
      Object v = values.get(p);
      if (v == null) {
        throw new IllegalArgumentException("run has no value for " + p.key());
      }
      String value = Values.canonical(v);
      if (neutral.apply(p).map(Values::canonical).filter(value::equals).isPresent()) {
        continue;
      }
      sb.append(p.key()).append('=').append(value).append('\n');
    }
    return sb.toString();
  }

  /** The run id of a run of {@code sweep} with these parameter values. */
  public static String of(String sweep, Map<Parameter, Object> values) {
    return hash(canonicalText(sweep, values));
  }

  /** The first 16 hex digits of the SHA-256 of {@code text}. */
  static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
