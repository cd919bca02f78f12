package io.sweep.worker.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweep.worker.run.DataSpec;
import io.sweep.worker.run.Teacher;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TeacherStudentTest {

  private static DataSpec spec(int d, double noise, int n, int testSamples) {
    return new DataSpec(d, Teacher.LINEAR, noise, n, testSamples);
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
}
