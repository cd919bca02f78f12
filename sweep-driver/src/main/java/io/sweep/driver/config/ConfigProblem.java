package io.sweep.driver.config;

import com.typesafe.config.ConfigOrigin;

/**
 * One thing wrong with a configuration, located: where (file:line, or the {@code --set} argument),
 * which key, and what is wrong and allowed.
 */
public record ConfigProblem(String where, String path, String message) {

  /** A problem at a value's origin. */
  public static ConfigProblem at(ConfigOrigin origin, String path, String message) {
    return new ConfigProblem(Values.describe(origin), path, message);
  }

  @Override
  public String toString() {
    return (where == null || where.isEmpty() ? "" : where + ": ") + path + ": " + message;
  }
}
