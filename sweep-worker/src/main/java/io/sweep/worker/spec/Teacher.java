package io.sweep.worker.spec;

/**
 * The target function f* of teacher-student data (SCIENCE.md, "Data models"). Each teacher has
 * output variance 1 under x ~ N(0, I_d) (the two-layer one only with its default relu
 * activation); see {@link io.sweep.worker.data.TeacherStudent} for how
 * they are drawn.
 */
public enum Teacher {
  /** f*(x) = β*·x with a unit-norm β* drawn from the data seed; ignores the teacher width. */
  LINEAR,
  /**
   * f*(x) = s Σ_{j &lt; k} a*ⱼ relu(w*ⱼ·x): k = {@link DataSpec#teacherWidth()} neurons with
   * unit-norm w*ⱼ and a*ⱼ = ±1/√k, scaled by s so that Var f*(x) = 1. Config label {@code
   * two-layer}.
   */
  TWO_LAYER,
  /**
   * f*(x) = β*·x with β* supported on the first s = {@link DataLaws#teacherSparsity()}
   * coordinates: s Gaussians divided by their norm, zeros after (‖β*‖ = 1).
   */
  SPARSE;

  /** The name used in config files and tables, e.g. {@code two-layer}. */
  public String label() {
    return Labels.of(this);
  }

  /** Parses a config label, case-insensitively. */
  public static Teacher parse(String label) {
    return Labels.parse(Teacher.class, "teacher", label);
  }

  /** The allowed labels, for error messages. */
  public static String labels() {
    return Labels.all(Teacher.class);
  }
}
