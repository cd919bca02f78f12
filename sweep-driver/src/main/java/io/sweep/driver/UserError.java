package io.sweep.driver;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mistake in what the user asked for (bad config, bad flag, unusable store): the CLI prints the
 * message without a stack trace and exits with code 2. Bugs are any other exception.
 *
 * <p>Code below the CLI names the request fields it complains about with {@link #field} (e.g. the
 * {@code metric} of a phase query), never a command-line flag: {@link #getMessage()} shows the
 * plain field name, and the CLI shows its own flag for it ({@link #message(UnaryOperator)}), so
 * flag names live in {@code cli/} only.
 */
public class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  // Private-use code points around a field name: never in user text or in a message's own words.
  private static final char OPEN = '\uE000';
  private static final char CLOSE = '\uE001';
  private static final Pattern FIELD = Pattern.compile(OPEN + "([^" + CLOSE + "]*)" + CLOSE);

  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }

  /** A request field's name as a message names it; see the class comment. */
  public static String field(String name) {
    return OPEN + name + CLOSE;
  }

  /** The message with every field shown through {@code shown} (e.g. {@code f -> "--" + f}). */
  public String message(UnaryOperator<String> shown) {
    String raw = super.getMessage();
    if (raw == null || raw.indexOf(OPEN) < 0) {
      return raw;
    }
    Matcher m = FIELD.matcher(raw);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, Matcher.quoteReplacement(shown.apply(m.group(1))));
    }
    return m.appendTail(b).toString();
  }

  /** The message with plain field names. */
  @Override
  public String getMessage() {
    return message(UnaryOperator.identity());
  }
}
