package io.sweep.driver.plan;

import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.Values;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Deterministic run ids: the first 16 hex digits (64 bits) of SHA-256 over the sweep name and every
 * parameter of the run, in canonical order and canonical number format. So 0.001 and 1e-3 give
 * the same id, the order of keys in the file does not matter, and the same run always has the same
 * id on every machine and in every invocation — the basis of resume.
 */
public final class RunIds {
  private RunIds() {}

  /** The canonical text that is hashed (exposed for tests and debugging). */
  public static String canonicalText(String sweep, Map<Parameter, Object> values) {
    StringBuilder sb = new StringBuilder("sweep=").append(sweep).append('\n');
    for (Parameter p : Parameter.values()) {
      Object v = values.get(p);
      if (v == null) {
        throw new IllegalArgumentException("run has no value for " + p.key());
      }
      sb.append(p.key()).append('=').append(Values.canonical(v)).append('\n');
    }
    return sb.toString();
  }

  /** The run id of a run of {@code sweep} with these parameter values. */
  public static String of(String sweep, Map<Parameter, Object> values) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonicalText(sweep, values).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
