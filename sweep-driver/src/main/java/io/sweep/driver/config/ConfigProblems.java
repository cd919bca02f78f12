package io.sweep.driver.config;

import io.sweep.driver.UserError;
import java.util.List;
import java.util.stream.Collectors;

/** Every problem of a configuration, reported together (a user error: exit code 2). */
public final class ConfigProblems extends UserError {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public ConfigProblems(List<ConfigProblem> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the order found. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String format(List<ConfigProblem> problems) {
    String head =
        problems.size() == 1
            ? "invalid configuration:"
            : "invalid configuration (" + problems.size() + " problems):";
    return head
        + problems.stream().map(p -> "\n  " + p).collect(Collectors.joining());
  }
}
