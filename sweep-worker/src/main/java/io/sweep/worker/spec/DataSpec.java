package io.sweep.worker.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * Teacher-student Gaussian data: x ~ N(0, I_d), y = f*(x) + ε with ε ~ N(0, dataNoise²) drawn once
 * when the data set is made (SCIENCE.md, "two kinds of noise"); {@link #laws()} changes the input
 * law, the teacher and the label law (the papers' data, {@link DataLaws}).
 *
 * <p>Training samples are the first {@code samples} of one pool per seed, so runs that differ only
 * in sample count see nested data sets. Test samples come from a separate stream of the same seed.
 *
 * @param inputDim     d ≥ 1
 * @param teacher      the target function f*
 * @param dataNoise    standard deviation of the label noise baked into the data set, ≥ 0
 * @param samples      training-set size n ≥ 1
 * @param testSamples  test-set size ≥ 1
 * @param teacherWidth k ≥ 1, the number of hidden neurons of the {@link Teacher#TWO_LAYER}
 *                     teacher; ignored (but still validated) by the {@link Teacher#LINEAR} one
 * @param outputs      label width ≥ 1 (the model's output dimension): teacher–student data has
 *                     one independent teacher per output, the first being the one-output teacher
 * @param source       where the data comes from: {@link DataSource#TEACHER_STUDENT} (the fields
 *                     above describe the synthetic data), or a provided data set, of which
 *                     {@code inputDim}, {@code outputs} and {@code testSamples} are the shape and
 *                     the training set is the first {@code samples} rows of one shuffle, seeded
 *                     by the run's seed, of its training pool ({@code io.sweep.worker.data
 *                     .ProvidedData}); teacher, width and noise are then unused
 * @param laws         input law, teacher variants and label law of teacher–student data
 *                     ({@link DataLaws#NEUTRAL}: Gaussian inputs, teacher labels, as before)
 */
public record DataSpec(
    int inputDim, Teacher teacher, double dataNoise, int samples, int testSamples, int teacherWidth,
    int outputs, DataSource source, DataLaws laws)
    implements Serializable {

  public DataSpec {
    Objects.requireNonNull(teacher, "teacher");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(laws, "laws");
    if (inputDim < 1) {
      throw new IllegalArgumentException("inputDim must be >= 1, got " + inputDim);
    }
    if (laws.constantInput() && inputDim < 2) {
      throw new IllegalArgumentException(
          "a constant input coordinate needs inputDim >= 2, got " + inputDim);
    }
    if (teacher == Teacher.SPARSE
        && (laws.teacherSparsity() < 1 || laws.teacherSparsity() > inputDim)) {
      throw new IllegalArgumentException("the sparse teacher needs 1 <= teacherSparsity <= inputDim"
          + " (" + inputDim + "), got " + laws.teacherSparsity());
    }
    if (!(dataNoise >= 0) || Double.isInfinite(dataNoise)) {
      throw new IllegalArgumentException("dataNoise must be finite and >= 0, got " + dataNoise);
    }
    if (samples < 1 || testSamples < 1) {
      throw new IllegalArgumentException(
          "samples and testSamples must be >= 1, got " + samples + ", " + testSamples);
    }
    if (outputs < 1) {
      throw new IllegalArgumentException("outputs must be >= 1, got " + outputs);
    }
    if (teacherWidth < 1) {
      throw new IllegalArgumentException("teacherWidth must be >= 1, got " + teacherWidth);
    }
  }

  /** Data of {@code source} with the neutral laws. */
  public DataSpec(
      int inputDim, Teacher teacher, double dataNoise, int samples, int testSamples,
      int teacherWidth, int outputs, DataSource source) {
    this(inputDim, teacher, dataNoise, samples, testSamples, teacherWidth, outputs, source,
        DataLaws.NEUTRAL);
  }

  /** Teacher–student data with {@code outputs} labels per sample. */
  public DataSpec(
      int inputDim, Teacher teacher, double dataNoise, int samples, int testSamples,
      int teacherWidth, int outputs) {
    this(inputDim, teacher, dataNoise, samples, testSamples, teacherWidth, outputs,
        DataSource.TEACHER_STUDENT);
  }

  /** Data with one label per sample (release 0.1.0). */
  public DataSpec(
      int inputDim, Teacher teacher, double dataNoise, int samples, int testSamples,
      int teacherWidth) {
    this(inputDim, teacher, dataNoise, samples, testSamples, teacherWidth, 1);
  }

  /** This spec with another label width. */
  public DataSpec withOutputs(int k) {
    return new DataSpec(inputDim, teacher, dataNoise, samples, testSamples, teacherWidth, k, source,
        laws);
  }

  /** This spec with another data source. */
  public DataSpec withSource(DataSource s) {
    return new DataSpec(inputDim, teacher, dataNoise, samples, testSamples, teacherWidth, outputs, s,
        laws);
  }

  /** This spec with other laws. */
  public DataSpec withLaws(DataLaws l) {
    return new DataSpec(inputDim, teacher, dataNoise, samples, testSamples, teacherWidth, outputs,
        source, l);
  }
}
