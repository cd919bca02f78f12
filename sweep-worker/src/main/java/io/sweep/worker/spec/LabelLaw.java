package io.sweep.worker.spec;

/** Where teacher–student labels come from ({@code data.labels}). */
public enum LabelLaw {
  /** y = label-scale · (f*(x) + teacher-offset) + noise: the neutral law. */
  TEACHER,
  /** y = label-scale · u + noise with u ~ U(−1, 1) i.i.d. per sample and output: no teacher. */
  UNIFORM,
  /** y = label-scale · g + noise with g ~ N(0, 1) i.i.d. per sample and output: no teacher (Wu et al.). */
  GAUSSIAN;

  /** The name used in config files and tables, e.g. {@code uniform}. */
  public String label() {
    return Labels.of(this);
  }

  /** Parses a config label, case-insensitively. */
  public static LabelLaw parse(String label) {
    return Labels.parse(LabelLaw.class, "label law", label);
  }

  /** The allowed labels, for error messages. */
  public static String labels() {
    return Labels.all(LabelLaw.class);
  }
}
