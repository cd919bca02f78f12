package io.sweep.driver.config;

import io.sweep.driver.UserError;
import java.util.List;
import java.util.stream.Collectors;

/** Every problem of a configuration, reported together (a user error: exit code 2). */
public final class ConfigProblems extends UserError {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public ConfigProblems(List<ConfigProblem> problems) {
    this(sorted(problems), true);
  }

  private ConfigProblems(List<ConfigProblem> sorted, boolean unused) {
    super(format(sorted));
    this.problems = sorted;
  }

  /**
   * In file order: by file, then line. Problems without a line ({@code --set} arguments, missing
   * keys) come first, in the order found (the sort is stable).
   */
  private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
    java.util.ArrayList<ConfigProblem> copy = new java.util.ArrayList<>(problems);
    copy.sort(java.util.Comparator.comparing((ConfigProblem p) -> file(p.where()))
        .thenComparingInt(p -> line(p.where())));
    return List.copyOf(copy);
  }

  private static String file(String where) {
    int colon = where == null ? -1 : where.lastIndexOf(':');
    return colon < 0 || line(where) == 0 ? "" : where.substring(0, colon);
  }

  private static int line(String where) {
    int colon = where == null ? -1 : where.lastIndexOf(':');
    if (colon < 0) {
      return 0;
    }
    try {
      return Integer.parseInt(where.substring(colon + 1).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
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
