package io.sweep.worker.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.worker.spec.DataSource;
import io.sweep.worker.spec.DataSpec;
import io.sweep.worker.spec.Teacher;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProvidedDataTest {

  /** Pool row i has features (i, -i) and label (i, 2i): rows are recognisable after the shuffle. */
  static ProvidedDataSet pool(int rows) {
    double[] x = new double[rows * 2];
    double[] y = new double[rows * 2];
    for (int i = 0; i < rows; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = -i;
      y[2 * i] = i;
      y[2 * i + 1] = 2 * i;
    }
    double[] tx = {0.5, 0.25};
    double[] ty = {1, 2};
    return new ProvidedDataSet(ProvidedDataSet.contentHash(2, 2, x, y, tx, ty), "mem:test", 2, 2,
        x, y, tx, ty);
  }

  static DataSpec spec(ProvidedDataSet data, int n) {
    return new DataSpec(2, Teacher.LINEAR, 0, n, 1, 1, 2, DataSource.parquet("mem:test", data.hash()));
  }

  @Test
  void aRunTrainsOnAPrefixOfItsSeedsShuffleSoSampleCountsAreNested() {
    ProvidedDataSet data = pool(50);
    ProvidedData.provide(data);
    assertSame(ProvidedData.MODEL, DataModel.of(spec(data, 10)));
    Samples small = DataModel.dataSet(spec(data, 10), 7).train();
    Samples large = DataModel.dataSet(spec(data, 30), 7).train();
    assertArrayEquals(small.x(), Arrays.copyOf(large.x(), small.x().length));
    assertArrayEquals(small.y(), Arrays.copyOf(large.y(), small.y().length));
    Set<Double> rows = new HashSet<>();
    for (int i = 0; i < large.n(); i++) {
      double r = large.x()[2 * i];
      assertEquals(-r, large.x()[2 * i + 1]);
      assertEquals(2 * r, large.y()[2 * i + 1]); // rows stay whole
      rows.add(r);
    }
    assertEquals(30, rows.size(), "no row twice");
    Samples otherSeed = DataModel.dataSet(spec(data, 10), 8).train();
    assertNotEquals(Arrays.toString(small.x()), Arrays.toString(otherSeed.x()));
    assertEquals(1, DataModel.dataSet(spec(data, 10), 7).test().n());
    assertEquals(2, small.k());
  }

  @Test
  void theWholePoolIsAPermutation() {
    ProvidedDataSet data = pool(20);
    Samples all = ProvidedData.trainingSet(data, 20, 3);
    double[] firsts = new double[20];
    for (int i = 0; i < 20; i++) {
      firsts[i] = all.x()[2 * i];
    }
    Arrays.sort(firsts);
    for (int i = 0; i < 20; i++) {
      assertEquals(i, firsts[i]);
    }
  }

  @Test
  void aDataSetNotProvidedOrOfAnotherShapeIsRefused() {
    DataSpec unknown = new DataSpec(2, Teacher.LINEAR, 0, 5, 1, 1, 2,
        DataSource.parquet("mem:x", "feed"));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> DataModel.dataSet(unknown, 1));
    assertTrue(e.getMessage().contains("was not provided"), e.getMessage());
    ProvidedDataSet data = pool(10);
    ProvidedData.provide(data);
    assertThrows(IllegalStateException.class,
        () -> DataModel.dataSet(spec(data, 5).withOutputs(1), 1));
    assertThrows(IllegalStateException.class, () -> DataModel.dataSet(spec(data, 11), 1));
  }

  @Test
  void theHashDependsOnEveryValue() {
    ProvidedDataSet a = pool(10);
    double[] x = a.poolX().clone();
    x[3] = Math.nextUp(x[3]);
    assertNotEquals(a.hash(),
        ProvidedDataSet.contentHash(2, 2, x, a.poolY(), a.testX(), a.testY()));
    assertEquals(64, a.hash().length());
  }

  @Test
  void teacherStudentSpecsKeepTheirSource() {
    DataSpec s = new DataSpec(4, Teacher.LINEAR, 0, 8, 8, 1);
    assertEquals(DataSource.TEACHER_STUDENT, s.source());
    assertEquals(DataSource.TEACHER_STUDENT, s.withOutputs(3).source());
    assertSame(DataModel.TEACHER_STUDENT, DataModel.of(s));
  }
}
