package io.sweep.driver.store;

import io.sweep.driver.UserError;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises failures caused by the content of a store (a corrupt or foreign file in a table
 * directory) among Spark's exceptions, and explains them as user errors naming the file.
 */
public final class StoreErrors {
  private static final Pattern FILE = Pattern.compile("reading file (\\S+?)\\.?\\s");

  private StoreErrors() {}

  /** A user error for {@code t} when a store file caused it. */
  public static Optional<UserError> explain(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage());
      if (m.contains("FAILED_READ_FILE") || m.contains("is not a Parquet file")) {
        Matcher file = FILE.matcher(m + " ");
        String where = file.find() ? file.group(1) : "(see the log file)";
        return Optional.of(new UserError(
            "the store holds an unreadable file: " + where + "\n"
                + "it is corrupt or not a Parquet file of sweep's; move it out of the store and rerun "
                + "(runs whose rows it held will simply run again)", t));
      }
    }
    return Optional.empty();
  }
}
