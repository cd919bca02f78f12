package io.sweep.driver;

/**
 * A mistake in what the user asked for (bad config, bad flag, unusable store): the CLI prints the
 * message without a stack trace and exits with code 2. Bugs are any other exception.
 */
public class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
