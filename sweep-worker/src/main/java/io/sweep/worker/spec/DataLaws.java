package io.sweep.worker.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * The laws of teacher–student data beyond its shape (issue 15, the papers' data): input law,
 * shift and constant coordinate, the sparse teacher's support, the two-layer teacher's
 * activation, a constant added to the teacher, and the label law with its scale. {@link #NEUTRAL}
 * is the data of every run before these settings existed, bit for bit. See {@link
 * io.sweep.worker.data.TeacherStudent} for the exact recipe.
 *
 * @param inputs            the law of the random input coordinates
 * @param inputShift        added to every random input coordinate (not to the constant one)
 * @param constantInput     whether the last input coordinate is the constant 1 (d counts it)
 * @param teacherSparsity   s, the support of the {@link Teacher#SPARSE} teacher (its first s
 *                          coordinates), ≥ 0; 0 = unset, ignored by the other teachers
 * @param teacherActivation the activation of the {@link Teacher#TWO_LAYER} teacher
 * @param teacherOffset     a constant added to the teacher's output
 * @param labels            teacher labels, or i.i.d. uniform ones
 * @param labelScale        multiplies the labels' signal (teacher output or uniform draw), &gt; 0
 */
public record DataLaws(
    InputLaw inputs, double inputShift, boolean constantInput, int teacherSparsity,
    Activation teacherActivation, double teacherOffset, LabelLaw labels, double labelScale)
    implements Serializable {

  /** Today's data: Gaussian inputs, relu teacher, teacher labels, no shift, offset or scale. */
  public static final DataLaws NEUTRAL =
      new DataLaws(InputLaw.GAUSSIAN, 0, false, 0, Activation.RELU, 0, LabelLaw.TEACHER, 1);

  public DataLaws {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(teacherActivation, "teacherActivation");
    Objects.requireNonNull(labels, "labels");
    if (!Double.isFinite(inputShift)) {
      throw new IllegalArgumentException("inputShift must be finite, got " + inputShift);
    }
    if (!Double.isFinite(teacherOffset)) {
      throw new IllegalArgumentException("teacherOffset must be finite, got " + teacherOffset);
    }
    if (!(labelScale > 0) || Double.isInfinite(labelScale)) {
      throw new IllegalArgumentException("labelScale must be finite and > 0, got " + labelScale);
    }
    if (teacherSparsity < 0) {
      throw new IllegalArgumentException("teacherSparsity must be >= 0, got " + teacherSparsity);
    }
  }

  /** Whether these are the neutral laws. */
  public boolean neutral() {
    return equals(NEUTRAL);
  }
}
