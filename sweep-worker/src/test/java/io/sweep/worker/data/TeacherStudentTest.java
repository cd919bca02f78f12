package io.sweep.worker.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.DataLaws;
import io.sweep.worker.spec.DataSource;
import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.InputLaw;
import io.sweep.worker.spec.LabelLaw;
import io.sweep.worker.spec.Teacher;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TeacherStudentTest {

  private static DataSpec spec(int d, double noise, int n, int testSamples) {
    return new DataSpec(d, Teacher.LINEAR, noise, n, testSamples, 1);
  }

  private static DataSpec twoLayer(int d, int k, double noise, int n, int testSamples) {
    return new DataSpec(d, Teacher.TWO_LAYER, noise, n, testSamples, k);
  }

  /**
   * The linear teacher's labels, pinned bit for bit (values produced before the two-layer teacher
   * existed): adding teachers must not change any stored linear-teacher result.
   */
  @Test
  void linearTeacherDataArePinned() {
    TeacherStudent data = TeacherStudent.generate(spec(3, 0.25, 4, 2), 42);
    assertArrayEquals(
        new long[] {
          -4614562321633820245L, 4601614946445018120L, -4624432586667599668L, -4614961661961560379L
        },
        Arrays.stream(data.train().y()).mapToLong(Double::doubleToRawLongBits).toArray());
    assertArrayEquals(
        new long[] {-4612996174546379956L, -4615112677257687691L},
        Arrays.stream(data.test().y()).mapToLong(Double::doubleToRawLongBits).toArray());
    assertArrayEquals(
        new double[] {0.636117459433296, 0.7604456887383733, 0.13067873692131515},
        data.beta(), 0.0);
  }

  @Test
  void linearTeacherIgnoresTheTeacherWidth() {
    TeacherStudent one = TeacherStudent.generate(new DataSpec(4, Teacher.LINEAR, 0.1, 8, 4, 1), 5);
    TeacherStudent many = TeacherStudent.generate(new DataSpec(4, Teacher.LINEAR, 0.1, 8, 4, 9), 5);
    assertArrayEquals(one.train().y(), many.train().y(), 0.0);
    assertArrayEquals(one.test().y(), many.test().y(), 0.0);
  }

  @Test
  void linearTeacherIsAWidthOneLinearNetworkWithWeightsBeta() {
    TeacherStudent data = TeacherStudent.generate(spec(5, 0.0, 10, 3), 2);
    NetworkParameters t = data.teacher();
    assertEquals(1, t.width());
    assertEquals(Activation.LINEAR, t.activation());
    assertArrayEquals(data.beta(), t.w(), 0.0);
    assertArrayEquals(new double[] {1}, t.a(), 0.0);
    for (int i = 0; i < 10; i++) {
      assertEquals(data.train().y()[i], t.output(data.train().x(), i * 5), 1e-12);
    }
  }

  @Test
  void twoLayerTeacherLabelsAreItsReluNetworkOutput() {
    int d = 6;
    TeacherStudent data = TeacherStudent.generate(twoLayer(d, 3, 0.0, 20, 7), 13);
    NetworkParameters t = data.teacher();
    assertEquals(3, t.width());
    assertEquals(Activation.RELU, t.activation());
    assertFalse(t.bias());
    for (Samples s : new Samples[] {data.train(), data.test()}) {
      for (int i = 0; i < s.n(); i++) {
        assertEquals(t.output(s.x(), i * d), s.y()[i], 0.0, "sample " + i);
      }
    }
  }

  @Test
  void twoLayerTeacherHasUnitRowsAndOutputWeightsOfEqualMagnitudeAndBothSigns() {
    int d = 8;
    int k = 6;
    NetworkParameters t = TeacherStudent.generate(twoLayer(d, k, 0.0, 2, 2), 21).teacher();
    boolean positive = false;
    boolean negative = false;
    for (int j = 0; j < k; j++) {
      double ss = 0;
      for (int l = 0; l < d; l++) {
        ss += t.w()[j * d + l] * t.w()[j * d + l];
      }
      assertEquals(1.0, ss, 1e-12, "row " + j);
      assertEquals(Math.abs(t.a()[0]), Math.abs(t.a()[j]), 1e-15, "a " + j);
      positive |= t.a()[j] > 0;
      negative |= t.a()[j] < 0;
    }
    assertEquals(true, positive && negative, "signs of " + Arrays.toString(t.a()));
  }

  @Test
  void twoLayerTeacherOutputHasUnitVariance() {
    for (int k : new int[] {1, 4, 16}) {
      TeacherStudent data = TeacherStudent.generate(twoLayer(10, k, 0.0, 20000, 1), 100 + k);
      // Sampling error of a variance from 20000 samples of a heavy-ish tailed output: ~0.02.
      assertEquals(1.0, data.train().labelVariance(), 0.08, "k = " + k);
    }
  }

  @Test
  void twoLayerTeacherKeepsTheInputsAndItsFirstNeuronsAcrossWidths() {
    TeacherStudent narrow = TeacherStudent.generate(twoLayer(5, 2, 0.3, 12, 4), 8);
    TeacherStudent wide = TeacherStudent.generate(twoLayer(5, 4, 0.3, 12, 4), 8);
    TeacherStudent linear = TeacherStudent.generate(spec(5, 0.3, 12, 4), 8);
    assertArrayEquals(linear.train().x(), wide.train().x(), 0.0);
    assertArrayEquals(linear.test().x(), wide.test().x(), 0.0);
    assertArrayEquals(
        narrow.teacher().w(), Arrays.copyOf(wide.teacher().w(), 2 * 5), 0.0);
    assertEquals(Math.signum(narrow.teacher().a()[1]), Math.signum(wide.teacher().a()[1]));
  }

  @Test
  void twoLayerTeacherHasNoBeta() {
    TeacherStudent data = TeacherStudent.generate(twoLayer(3, 2, 0.0, 2, 2), 1);
    IllegalStateException e = assertThrows(IllegalStateException.class, data::beta);
    assertEquals(
        "the two-layer teacher has no coefficient vector β*; use teacher()", e.getMessage());
  }

  @Test
  void reluCovarianceMatchesItsClosedFormsAtRhoZeroAndOne() {
    assertEquals(0.5 - 1 / (2 * Math.PI), TeacherStudent.reluCovariance(1), 1e-15);
    assertEquals(0.0, TeacherStudent.reluCovariance(0), 1e-15);
    // relu(z) and relu(−z) never both positive: Cov = 0 − (1/√(2π))² = −1/(2π).
    assertEquals(-1 / (2 * Math.PI), TeacherStudent.reluCovariance(-1), 1e-15);
  }

  @Test
  void dataSpecRejectsATeacherWidthBelowOne() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new DataSpec(3, Teacher.TWO_LAYER, 0.0, 4, 4, 0));
    assertEquals("teacherWidth must be >= 1, got 0", e.getMessage());
  }

  @Test
  void teacherLabelsParseAndPrint() {
    assertEquals("two-layer", Teacher.TWO_LAYER.label());
    assertEquals(Teacher.TWO_LAYER, Teacher.parse(" Two-Layer "));
    assertEquals("linear, two-layer, sparse", Teacher.labels());
  }

  @Test
  void sameSeedGivesTheSameDataSet() {
    TeacherStudent a = TeacherStudent.generate(spec(6, 0.3, 20, 10), 11);
    TeacherStudent b = TeacherStudent.generate(spec(6, 0.3, 20, 10), 11);
    assertArrayEquals(a.beta(), b.beta(), 0.0);
    assertArrayEquals(a.train().x(), b.train().x(), 0.0);
    assertArrayEquals(a.train().y(), b.train().y(), 0.0);
    assertArrayEquals(a.test().x(), b.test().x(), 0.0);
    assertArrayEquals(a.test().y(), b.test().y(), 0.0);
  }

  @Test
  void differentSeedsGiveDifferentDataSets() {
    TeacherStudent a = TeacherStudent.generate(spec(6, 0.3, 20, 10), 11);
    TeacherStudent b = TeacherStudent.generate(spec(6, 0.3, 20, 10), 12);
    assertFalse(Arrays.equals(a.beta(), b.beta()));
    assertFalse(Arrays.equals(a.train().x(), b.train().x()));
    assertFalse(Arrays.equals(a.test().x(), b.test().x()));
  }

  @Test
  void trainAndTestSetsComeFromDifferentStreams() {
    TeacherStudent a = TeacherStudent.generate(spec(4, 0.0, 10, 10), 3);
    assertFalse(Arrays.equals(a.train().x(), a.test().x()));
  }

  @Test
  void smallerSampleCountIsAPrefixOfTheLargerOneAndTheTestSetIsShared() {
    TeacherStudent small = TeacherStudent.generate(spec(5, 0.5, 8, 30), 99);
    TeacherStudent large = TeacherStudent.generate(spec(5, 0.5, 32, 30), 99);
    assertArrayEquals(
        Arrays.copyOf(large.train().x(), 8 * 5), small.train().x(), 0.0, "x of the first 8 rows");
    assertArrayEquals(Arrays.copyOf(large.train().y(), 8), small.train().y(), 0.0, "y");
    assertArrayEquals(large.test().x(), small.test().x(), 0.0);
    assertArrayEquals(large.test().y(), small.test().y(), 0.0);
    assertArrayEquals(large.beta(), small.beta(), 0.0);
  }

  @Test
  void inputsDoNotDependOnTheDataNoiseLevel() {
    TeacherStudent clean = TeacherStudent.generate(spec(5, 0.0, 16, 12), 4);
    TeacherStudent noisy = TeacherStudent.generate(spec(5, 0.7, 16, 12), 4);
    assertArrayEquals(clean.train().x(), noisy.train().x(), 0.0);
    assertArrayEquals(clean.test().x(), noisy.test().x(), 0.0);
    assertFalse(Arrays.equals(clean.train().y(), noisy.train().y()));
  }

  @Test
  void teacherHasUnitNorm() {
    for (int d : new int[] {1, 3, 50}) {
      double[] beta = TeacherStudent.generate(spec(d, 0.0, 2, 2), d).beta();
      assertEquals(d, beta.length);
      assertEquals(1.0, Math.sqrt(Arrays.stream(beta).map(b -> b * b).sum()), 1e-12);
    }
  }

  @Test
  void withoutDataNoiseLabelsAreExactlyTheTeacherOutput() {
    int d = 7;
    TeacherStudent data = TeacherStudent.generate(spec(d, 0.0, 25, 15), 5);
    double[] beta = data.beta();
    for (Samples s : new Samples[] {data.train(), data.test()}) {
      for (int i = 0; i < s.n(); i++) {
        double dot = 0;
        for (int k = 0; k < d; k++) {
          dot += beta[k] * s.x()[i * d + k];
        }
        assertEquals(dot, s.y()[i], 0.0, "sample " + i);
      }
    }
  }

  @Test
  void dataNoiseHasTheDeclaredStandardDeviation() {
    int d = 3;
    double noise = 0.5;
    TeacherStudent data = TeacherStudent.generate(spec(d, noise, 4000, 1), 8);
    double[] beta = data.beta();
    Samples s = data.train();
    double ss = 0;
    for (int i = 0; i < s.n(); i++) {
      double dot = 0;
      for (int k = 0; k < d; k++) {
        dot += beta[k] * s.x()[i * d + k];
      }
      ss += (s.y()[i] - dot) * (s.y()[i] - dot);
    }
    assertEquals(noise, Math.sqrt(ss / s.n()), 0.05 * noise);
    // Noiseless labels have variance ‖β*‖² = 1, so the labels' variance is 1 + noise².
    assertEquals(1 + noise * noise, s.labelVariance(), 0.1);
  }

  @Test
  void labelVarianceIsThePopulationVariance() {
    Samples s = new Samples(4, 1, new double[] {0, 0, 0, 0}, new double[] {1, 2, 3, 6});
    assertEquals((4 + 1 + 0 + 9) / 4.0, s.labelVariance(), 1e-15);
  }

  @Test
  void samplesRejectArraysOfTheWrongShape() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Samples(2, 3, new double[5], new double[2]));
    assertEquals(
        "expected x of length n*d = 6 and y of length n = 2, got 5 and 2", e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------
  // Several outputs: k independent teachers, output 0 the one-output data set bitwise.

  @Test
  void outputZeroOfAThreeOutputDataSetIsTheOneOutputDataSetBitwise() {
    for (DataSpec one : new DataSpec[] {spec(4, 0.3, 30, 12), twoLayer(4, 5, 0.3, 30, 12)}) {
      TeacherStudent single = TeacherStudent.generate(one, 77);
      TeacherStudent three = TeacherStudent.generate(one.withOutputs(3), 77);
      for (Samples[] pair : new Samples[][] {
          {single.train(), three.train()}, {single.test(), three.test()}}) {
        assertEquals(3, pair[1].k());
        assertArrayEquals(pair[0].x(), pair[1].x(), 0.0, "the inputs are shared");
        for (int i = 0; i < pair[0].n(); i++) {
          assertEquals(Double.doubleToRawLongBits(pair[0].y()[i]),
              Double.doubleToRawLongBits(pair[1].y()[i * 3]), one.teacher() + " sample " + i);
        }
      }
      assertArrayEquals(single.teacher().a(), three.teacher(0).a(), 0.0);
    }
  }

  @Test
  void everyOutputHasItsOwnTeacherAndItsOwnDataNoise() {
    int d = 5;
    DataSpec clean = twoLayer(d, 4, 0.0, 40, 10).withOutputs(3);
    TeacherStudent data = TeacherStudent.generate(clean, 8);
    for (int o = 0; o < 3; o++) {
      NetworkParameters t = data.teacher(o);
      for (Samples s : new Samples[] {data.train(), data.test()}) {
        for (int i = 0; i < s.n(); i++) {
          assertEquals(t.output(s.x(), i * d), s.y()[i * 3 + o], 0.0, "output " + o);
        }
      }
    }
    assertFalse(Arrays.equals(data.teacher(1).w(), data.teacher(2).w()), "independent teachers");
    assertFalse(Arrays.equals(data.teacher(0).w(), data.teacher(1).w()), "independent teachers");

    TeacherStudent linear = TeacherStudent.generate(spec(d, 0.0, 40, 10).withOutputs(3), 8);
    for (int o = 0; o < 3; o++) {
      double[] beta = linear.beta(o);
      for (int i = 0; i < 40; i++) {
        double dot = 0;
        for (int j = 0; j < d; j++) {
          dot += beta[j] * linear.train().x()[i * d + j];
        }
        assertEquals(dot, linear.train().y()[i * 3 + o], 1e-12, "linear output " + o);
      }
    }

    // Data noise: the same teachers plus noise per entry, independent across outputs.
    TeacherStudent noisy = TeacherStudent.generate(twoLayer(d, 4, 0.5, 40, 10).withOutputs(3), 8);
    double[][] eps = new double[3][40];
    for (int i = 0; i < 40; i++) {
      for (int o = 0; o < 3; o++) {
        eps[o][i] = (noisy.train().y()[i * 3 + o] - data.train().y()[i * 3 + o]) / 0.5;
      }
    }
    for (int o = 1; o < 3; o++) {
      assertFalse(Arrays.equals(eps[0], eps[o]), "noise of output " + o);
    }
  }

  @Test
  void aLargerSampleCountExtendsEveryOutputsLabels() {
    TeacherStudent small = TeacherStudent.generate(twoLayer(3, 2, 0.4, 10, 5).withOutputs(3), 4);
    TeacherStudent large = TeacherStudent.generate(twoLayer(3, 2, 0.4, 25, 5).withOutputs(3), 4);
    assertArrayEquals(small.train().y(), Arrays.copyOf(large.train().y(), 30), 0.0);
  }

  // ---- laws (issue 15) ----

  private static long[] bits(double[] v) {
    return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  private static DataLaws laws(InputLaw in, double shift, boolean constant) {
    return new DataLaws(in, shift, constant, 0, Activation.RELU, 0, LabelLaw.TEACHER, 1);
  }

  private static DataSpec withLaws(DataSpec s, DataLaws l) {
    return s.withLaws(l);
  }

  /**
   * Two-layer, two-output data pinned bit for bit with values produced by the code before the
   * laws existed (and a linear two-output set): the neutral laws change nothing, the explicit
   * {@link DataLaws#NEUTRAL} spec neither.
   */
  @Test
  void neutralLawsKeepEveryDrawBitwise() {
    DataSpec two = new DataSpec(3, Teacher.TWO_LAYER, 0.25, 3, 2, 4, 2);
    for (DataSpec s : new DataSpec[] {two, two.withLaws(DataLaws.NEUTRAL)}) {
      TeacherStudent t = TeacherStudent.generate(s, 42);
      assertArrayEquals(new long[] {-4622740592885515829L, -4620627511357389188L,
          -4611529031377293540L, 4606474488690026996L, -4624528271839690956L,
          -4617943067487014504L}, bits(t.train().y()));
      assertArrayEquals(new long[] {-4615601874782621041L, -4609953372419646308L,
          -4618084990261033636L, -4615680525971608306L}, bits(t.test().y()));
      assertArrayEquals(new long[] {-4615093987297138065L, -4617356788820602154L,
          4610678328652082590L, 4609587871354646224L, -4629984203507231336L,
          -4638898899048598323L, -4618498594585729732L, 4592014649503651269L,
          4595704165560222218L}, bits(t.train().x()));
    }
    TeacherStudent l = TeacherStudent.generate(new DataSpec(3, Teacher.LINEAR, 0.25, 3, 2, 1, 2), 7);
    assertArrayEquals(new long[] {-4615229894213528696L, -4616468938120335080L,
        4612910135808424112L, 4607139115419573529L, -4615941382332004473L,
        -4620160734080076189L}, bits(l.train().y()));
    assertTrue(DataLaws.NEUTRAL.neutral());
  }

  /** Mean and variance of every coordinate over the rows of x (n × d). */
  private static double[][] moments(double[] x, int d) {
    int n = x.length / d;
    double[] mean = new double[d];
    double[] var = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mean[j] += x[i * d + j] / n;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double c = x[i * d + j] - mean[j];
        var[j] += c * c / n;
      }
    }
    return new double[][] {mean, var};
  }

  @Test
  void eachInputLawHasItsMomentsAndRange() {
    int d = 4;
    int n = 40_000;
    // law, mean, variance, min, max of a coordinate (sphere: radius √d, E x² = 1)
    Object[][] cases = {
      {InputLaw.GAUSSIAN, 0.0, 1.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY},
      {InputLaw.SPHERE, 0.0, 1.0, -2.0, 2.0},
      {InputLaw.UNIFORM01, 0.5, 1.0 / 12, 0.0, 1.0},
      {InputLaw.UNIFORM_PM1, 0.0, 1.0 / 3, -1.0, 1.0},
    };
    for (Object[] c : cases) {
      InputLaw law = (InputLaw) c[0];
      TeacherStudent t = TeacherStudent.generate(
          withLaws(spec(d, 0.0, n, 1), laws(law, 0, false)), 3);
      double[] x = t.train().x();
      double[][] m = moments(x, d);
      for (int j = 0; j < d; j++) {
        assertEquals((Double) c[1], m[0][j], 0.02, law + " mean of coordinate " + j);
        assertEquals((Double) c[2], m[1][j], 0.03 * (Double) c[2] + 0.005, law + " variance " + j);
      }
      for (double v : x) {
        assertTrue(v >= (Double) c[3] && v <= (Double) c[4], law + " value " + v + " out of range");
      }
      if (law == InputLaw.SPHERE) {
        for (int i = 0; i < 100; i++) {
          double ss = 0;
          for (int j = 0; j < d; j++) {
            ss += x[i * d + j] * x[i * d + j];
          }
          assertEquals(d, ss, 1e-12, "‖x‖² = d on the sphere");
        }
      }
    }
  }

  @Test
  void inputShiftMovesEveryRandomCoordinateAndNotTheConstantOne() {
    DataSpec base = spec(3, 0.0, 50, 5);
    TeacherStudent plain = TeacherStudent.generate(withLaws(base, laws(InputLaw.UNIFORM01, 0, true)), 8);
    TeacherStudent shifted =
        TeacherStudent.generate(withLaws(base, laws(InputLaw.UNIFORM01, 2.5, true)), 8);
    double[] a = plain.train().x();
    double[] b = shifted.train().x();
    for (int i = 0; i < 50; i++) {
      assertEquals(1.0, a[i * 3 + 2], 0.0, "the constant coordinate is exactly 1");
      assertEquals(1.0, b[i * 3 + 2], 0.0, "the shift leaves the constant coordinate at 1");
      for (int j = 0; j < 2; j++) {
        assertEquals(a[i * 3 + j] + 2.5, b[i * 3 + j], 0.0);
      }
    }
    for (double v : shifted.test().x()) {
      assertTrue(v >= 1.0 && v <= 3.5);
    }
  }

  /** Boursier's x = (z, 1), z ~ U[−1, 1]: the linear teacher's weight on the 1 is a bias. */
  @Test
  void constantInputGivesTheLinearTeacherABias() {
    TeacherStudent t = TeacherStudent.generate(
        withLaws(spec(2, 0.0, 20, 3), laws(InputLaw.UNIFORM_PM1, 0, true)), 4);
    double[] beta = t.beta();
    for (int i = 0; i < 20; i++) {
      double z = t.train().x()[i * 2];
      assertTrue(z >= -1 && z <= 1);
      assertEquals(1.0, t.train().x()[i * 2 + 1], 0.0);
      assertEquals(beta[0] * z + beta[1], t.train().y()[i], 1e-15);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> spec(1, 0.0, 4, 4).withLaws(laws(InputLaw.GAUSSIAN, 0, true)));
    assertEquals("a constant input coordinate needs inputDim >= 2, got 1", e.getMessage());
  }

  @Test
  void sphereInputsAreTheGaussianDirectionsRescaled() {
    DataSpec s = spec(5, 0.3, 30, 4);
    TeacherStudent g = TeacherStudent.generate(s, 6);
    TeacherStudent sp = TeacherStudent.generate(withLaws(s, laws(InputLaw.SPHERE, 0, false)), 6);
    for (int i = 0; i < 30; i++) {
      double norm = 0;
      for (int j = 0; j < 5; j++) {
        norm += g.train().x()[i * 5 + j] * g.train().x()[i * 5 + j];
      }
      double scale = Math.sqrt(5) / Math.sqrt(norm);
      for (int j = 0; j < 5; j++) {
        assertEquals(g.train().x()[i * 5 + j] * scale, sp.train().x()[i * 5 + j], 1e-14);
      }
    }
  }

  @Test
  void everyLawKeepsSmallerSampleCountsAPrefix() {
    DataLaws[] all = {
      laws(InputLaw.SPHERE, 0.5, false),
      laws(InputLaw.UNIFORM01, 0, true),
      laws(InputLaw.UNIFORM_PM1, -1, false),
      new DataLaws(InputLaw.UNIFORM01, 0, false, 0, Activation.RELU, 0, LabelLaw.UNIFORM, 5),
      new DataLaws(InputLaw.GAUSSIAN, 0, false, 0, Activation.RELU, 0, LabelLaw.GAUSSIAN, 2),
      new DataLaws(InputLaw.GAUSSIAN, 0, false, 2, Activation.TANH, 0.5, LabelLaw.TEACHER, 2),
    };
    for (DataLaws l : all) {
      for (Teacher teacher : Teacher.values()) {
        DataSpec big = new DataSpec(4, teacher, 0.1, 40, 7, 3, 2, DataSource.TEACHER_STUDENT,
            teacher == Teacher.SPARSE ? new DataLaws(l.inputs(), l.inputShift(), l.constantInput(),
                2, l.teacherActivation(), l.teacherOffset(), l.labels(), l.labelScale()) : l);
        DataSpec small = new DataSpec(4, teacher, 0.1, 13, 7, 3, 2, DataSource.TEACHER_STUDENT,
            big.laws());
        TeacherStudent a = TeacherStudent.generate(big, 21);
        TeacherStudent b = TeacherStudent.generate(small, 21);
        assertArrayEquals(Arrays.copyOf(a.train().x(), 13 * 4), b.train().x(), 0.0, l + " " + teacher);
        assertArrayEquals(Arrays.copyOf(a.train().y(), 13 * 2), b.train().y(), 0.0, l + " " + teacher);
        assertArrayEquals(a.test().y(), b.test().y(), 0.0);
      }
    }
  }

  /** Gatmiry's labels: 5·U(−1, 1), i.i.d., independent of x. */
  @Test
  void uniformLabelsAreScaledUniformAndIndependentOfTheInputs() {
    int n = 40_000;
    DataLaws gatmiry =
        new DataLaws(InputLaw.UNIFORM01, 0, false, 0, Activation.RELU, 0, LabelLaw.UNIFORM, 5);
    TeacherStudent t = TeacherStudent.generate(withLaws(spec(3, 0.0, n, 10), gatmiry), 12);
    double[] y = t.train().y();
    double mean = Arrays.stream(y).average().orElseThrow();
    double var = Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum() / n;
    assertEquals(0, mean, 0.05);
    assertEquals(25.0 / 3, var, 0.15);
    double cov = 0;
    for (int i = 0; i < n; i++) {
      assertTrue(Math.abs(y[i]) <= 5);
      cov += (t.train().x()[i * 3] - 0.5) * y[i] / n;
    }
    assertEquals(0, cov, 0.03, "labels independent of the inputs");
    // the same inputs as teacher labels of the same laws: labels come from their own stream
    TeacherStudent teacher = TeacherStudent.generate(withLaws(spec(3, 0.0, n, 10),
        laws(InputLaw.UNIFORM01, 0, false)), 12);
    assertArrayEquals(teacher.train().x(), t.train().x(), 0.0);
  }

  /** Wu et al.'s labels: N(0, 1) i.i.d., independent of x, scaled by c. */
  @Test
  void gaussianLabelsAreScaledStandardNormalAndIndependentOfTheInputs() {
    int n = 40_000;
    DataLaws wu = new DataLaws(InputLaw.GAUSSIAN, 0, false, 0, Activation.RELU, 0, LabelLaw.GAUSSIAN, 2);
    TeacherStudent t = TeacherStudent.generate(withLaws(spec(5, 0.0, n, 10), wu), 3);
    double[] y = t.train().y();
    double mean = Arrays.stream(y).average().orElseThrow();
    double var = Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum() / n;
    double kurt = Arrays.stream(y).map(v -> Math.pow(v - mean, 4)).sum() / n / (var * var);
    assertEquals(0, mean, 0.05);
    assertEquals(4.0, var, 0.15, "c² = 4");
    assertEquals(3.0, kurt, 0.15, "Gaussian, not uniform (kurtosis 1.8)");
    double cov = 0;
    for (int i = 0; i < n; i++) {
      cov += t.train().x()[i * 5] * y[i] / n;
    }
    assertEquals(0, cov, 0.05, "labels independent of the inputs");
    TeacherStudent teacher = TeacherStudent.generate(spec(5, 0.0, n, 10), 3);
    assertArrayEquals(teacher.train().x(), t.train().x(), 0.0, "same inputs as the teacher's");
  }

  @Test
  void uniformLabelsWithDataNoiseAddTheSameNoiseAsTeacherLabels() {
    DataLaws u = new DataLaws(InputLaw.GAUSSIAN, 0, false, 0, Activation.RELU, 0, LabelLaw.UNIFORM, 1);
    TeacherStudent clean = TeacherStudent.generate(withLaws(spec(2, 0.0, 10, 3), u).withOutputs(2), 1);
    TeacherStudent noisy = TeacherStudent.generate(withLaws(spec(2, 0.5, 10, 3), u).withOutputs(2), 1);
    TeacherStudent tClean = TeacherStudent.generate(spec(2, 0.0, 10, 3).withOutputs(2), 1);
    TeacherStudent tNoisy = TeacherStudent.generate(spec(2, 0.5, 10, 3).withOutputs(2), 1);
    for (int i = 0; i < 20; i++) {
      double eps = noisy.train().y()[i] - clean.train().y()[i];
      assertEquals(tNoisy.train().y()[i] - tClean.train().y()[i], eps, 1e-12);
    }
  }

  @Test
  void sparseTeacherIsALinearTeacherOnTheFirstSCoordinates() {
    DataLaws l = new DataLaws(InputLaw.GAUSSIAN, 0, false, 2, Activation.RELU, 0, LabelLaw.TEACHER, 1);
    TeacherStudent t = TeacherStudent.generate(new DataSpec(5, Teacher.SPARSE, 0.0, 30, 3, 1, 1,
        DataSource.TEACHER_STUDENT, l), 9);
    double[] beta = t.beta();
    assertEquals(1, beta[0] * beta[0] + beta[1] * beta[1], 1e-12);
    assertArrayEquals(new double[] {0, 0, 0}, Arrays.copyOfRange(beta, 2, 5), 0.0);
    for (int i = 0; i < 30; i++) {
      double[] x = t.train().x();
      assertEquals(beta[0] * x[i * 5] + beta[1] * x[i * 5 + 1], t.train().y()[i], 1e-14);
    }
    for (int s : new int[] {0, 6}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new DataSpec(5, Teacher.SPARSE, 0.0, 4, 4, 1, 1, DataSource.TEACHER_STUDENT,
              new DataLaws(InputLaw.GAUSSIAN, 0, false, s, Activation.RELU, 0, LabelLaw.TEACHER, 1)));
      assertEquals("the sparse teacher needs 1 <= teacherSparsity <= inputDim (5), got " + s,
          e.getMessage());
    }
    assertEquals(Teacher.SPARSE, Teacher.parse("sparse"));
  }

  /** Chen's shape: a tanh two-layer teacher, unscaled, plus offset and label scale. */
  @Test
  void teacherActivationOffsetAndScaleShapeTheLabels() {
    DataLaws l = new DataLaws(InputLaw.GAUSSIAN, 0, false, 0, Activation.TANH, 0.5, LabelLaw.TEACHER, 3);
    TeacherStudent t = TeacherStudent.generate(new DataSpec(4, Teacher.TWO_LAYER, 0.0, 25, 3, 2, 1,
        DataSource.TEACHER_STUDENT, l), 14);
    NetworkParameters f = t.teacher();
    assertEquals(Activation.TANH, f.activation());
    for (int j = 0; j < 2; j++) {
      assertEquals(1 / Math.sqrt(2), Math.abs(f.a()[j]), 0.0, "tanh teacher left unscaled");
    }
    TeacherStudent relu = TeacherStudent.generate(twoLayer(4, 2, 0.0, 25, 3), 14);
    assertArrayEquals(relu.teacher().w(), f.w(), 0.0, "same directions as the relu teacher");
    for (int i = 0; i < 25; i++) {
      double fx = 0;
      for (int j = 0; j < 2; j++) {
        double z = 0;
        for (int c = 0; c < 4; c++) {
          z += f.w()[j * 4 + c] * t.train().x()[i * 4 + c];
        }
        fx += f.a()[j] * Math.tanh(z);
      }
      assertEquals(3 * (fx + 0.5), t.train().y()[i], 1e-12);
    }
  }

  @Test
  void lawLabelsParseAndPrint() {
    assertEquals("uniform-pm1", InputLaw.UNIFORM_PM1.label());
    assertEquals(InputLaw.UNIFORM01, InputLaw.parse(" Uniform01 "));
    assertEquals("gaussian, sphere, uniform01, uniform-pm1", InputLaw.labels());
    assertEquals("teacher, uniform, gaussian", LabelLaw.labels());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> InputLaw.parse("cauchy"));
    assertEquals("unknown input law 'cauchy'; allowed: gaussian, sphere, uniform01, uniform-pm1",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DataLaws(InputLaw.GAUSSIAN, 0, false, 0,
        Activation.RELU, 0, LabelLaw.UNIFORM, 0));
  }
}
