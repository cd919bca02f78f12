package io.sweep.driver.data;

import io.sweep.driver.UserError;
import io.sweep.driver.config.ConfigProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A data set that cannot be used, with every problem found: each names the sweep file's key and
 * where it is set, the data file and the column (a user error: exit code 2, nothing written).
 */
public final class DataSetError extends UserError {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  DataSetError(List<ConfigProblem> problems) {
    super((problems.size() == 1 ? "invalid data set:" : "invalid data set (" + problems.size()
        + " problems):") + problems.stream().map(p -> "\n  " + p).collect(Collectors.joining()));
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the order found. */
  public List<ConfigProblem> problems() {
    return problems;
  }
}
