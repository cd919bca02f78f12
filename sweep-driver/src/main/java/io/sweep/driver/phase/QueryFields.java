package io.sweep.driver.phase;

import io.sweep.driver.UserError;

/** The checks every query of the stored tables makes of its text fields (phase, curves). */
public final class QueryFields {
  private QueryFields() {}

  /**
   * Checks that a required field is given.
   *
   * @param field the request field's name, as errors name it ({@link UserError#field})
   * @throws UserError when {@code value} is null or blank
   */
  public static void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new UserError(UserError.field(field) + " is required");
    }
  }

  /** An optional field: stripped, or null when absent or blank. */
  public static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
