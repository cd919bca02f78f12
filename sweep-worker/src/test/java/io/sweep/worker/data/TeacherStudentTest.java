package io.sweep.worker.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import io.sweep.worker.spec.DataSpec;
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
    assertEquals("linear, two-layer", Teacher.labels());
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
}
