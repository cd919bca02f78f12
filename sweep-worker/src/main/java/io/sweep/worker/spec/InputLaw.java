package io.sweep.worker.spec;

/**
 * The law of the random coordinates of teacher–student inputs ({@code data.inputs}); see {@link
 * io.sweep.worker.data.TeacherStudent} for how each is drawn.
 */
public enum InputLaw {
  /** x ~ N(0, I_d), the neutral law (every run before {@code data.inputs} existed). */
  GAUSSIAN,
  /**
   * Uniform on the sphere of radius √d (a Gaussian vector rescaled to norm √d): ‖x‖² = d exactly,
   * so E‖x‖² = d as for the Gaussian, and E xxᵀ = I_d.
   */
  SPHERE,
  /** x ~ U[0, 1]^d (config label {@code uniform01}). */
  UNIFORM01,
  /** x ~ U[−1, 1]^d (config label {@code uniform-pm1}). */
  UNIFORM_PM1;

  /** The name used in config files and tables, e.g. {@code uniform-pm1}. */
  public String label() {
    return Labels.of(this);
  }

  /** Parses a config label, case-insensitively. */
  public static InputLaw parse(String label) {
    return Labels.parse(InputLaw.class, "input law", label);
  }

  /** The allowed labels, for error messages. */
  public static String labels() {
    return Labels.all(InputLaw.class);
  }
}
