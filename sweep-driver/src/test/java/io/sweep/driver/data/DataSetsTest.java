package io.sweep.driver.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sweep.driver.TestData;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestSweeps;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.worker.data.ProvidedDataSet;
import io.sweep.worker.spec.DataSource;
import io.sweep.worker.spec.RunSpec;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preparing a Parquet data set on the driver: columns, split, one-hot, standardisation, hash. */
class DataSetsTest {
  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void dataSets() {
    spark = TestSpark.session();
    TestData.regression(dir, "reg.parquet", 100, 1);
    TestData.classification(dir, "iris.parquet", 90, 2);
  }

  static SweepSettings settings(String data, String model) {
    return TestSweeps.settings("""
        sweep {
          name = d
          grid { samples = [10, 20], seed = [0, 1] }
          model { width = 4, %s }
          data { type = parquet, %s }
          train { steps = 10, log-every = 5, batch-size = 5 }
        }
        """.formatted(model, data.replace("{dir}", dir.toString())));
  }

  @Test
  void theSettingsLearnTheHashTheInputDimensionAndTheTestRowsAndTheSpecsNameTheDataSet() {
    SweepSettings s = settings("path = \"{dir}/reg.parquet\", features = [x1, x2], label = y", "depth = 1");
    assertEquals("", s.base().get(Parameter.DATA_HASH));
    SweepSettings resolved = DataSets.resolve(spark, s);
    String hash = (String) resolved.base().get(Parameter.DATA_HASH);
    assertEquals(64, hash.length());
    assertEquals(2, resolved.base().get(Parameter.INPUT_DIM));
    assertEquals(20, resolved.base().get(Parameter.TEST_SAMPLES)); // 0.2 of 100
    List<PlannedRun> runs = GridExpander.expand(resolved).runs();
    RunSpec spec = runs.get(0).spec();
    assertEquals(DataSource.parquet(dir.resolve("reg.parquet").toString(), hash), spec.data().source());
    assertEquals(2, spec.data().inputDim());
    assertEquals(dir.resolve("reg.parquet").toString(), runs.get(0).values().get(Parameter.DATA_PATH));
    // The hash is part of the run id: other data, other runs.
    assertNotEquals(runs.get(0).runId(), GridExpander.expand(s).runs().get(0).runId());
    assertSame(DataSets.broadcast(spark, resolved).value(), DataSets.broadcast(spark, resolved).value(),
        "the prepared data set is reused, not read again");
    assertNull(DataSets.broadcast(spark, TestSweeps.settings(TestSweeps.tiny("t"))));
  }

  @Test
  void anArrayColumnAndTheSameNumbersAsColumnsAreTheSameDataSet() {
    ProvidedDataSet array = DataSets.prepare(spark, settings(
        "path = \"{dir}/iris.parquet\", features = x, label = is_virginica", "depth = 1"));
    ProvidedDataSet columns = DataSets.prepare(spark, settings(
        "path = \"{dir}/iris.parquet\", features = [f0, f1, f2, f3], label = is_virginica", "depth = 1"));
    assertEquals(4, array.d());
    assertEquals(array.hash(), columns.hash());
  }

  @Test
  void classesAreOneHotEncodedInSortedOrder() {
    ProvidedDataSet d = DataSets.prepare(spark, settings(
        "path = \"{dir}/iris.parquet\", features = [f0, f1, f2, f3], label = species, one-hot = true",
        "output-dim = 3"));
    assertEquals(3, d.k());
    // virginica (sorted last) has is_virginica = 1 and centre 2·e_0: its f0 is the largest.
    // virginica (sorted last, output 2) has centre 2·e_0; setosa (output 0) has centre 2·e_1.
    double[] f0 = new double[3];
    double[] f1 = new double[3];
    int[] count = new int[3];
    for (int i = 0; i < d.poolRows(); i++) {
      double[] y = {d.poolY()[3 * i], d.poolY()[3 * i + 1], d.poolY()[3 * i + 2]};
      assertEquals(1.0, y[0] + y[1] + y[2]);
      int c = y[0] == 1 ? 0 : y[1] == 1 ? 1 : 2;
      f0[c] += d.poolX()[4 * i];
      f1[c] += d.poolX()[4 * i + 1];
      count[c]++;
    }
    assertEquals(true, f0[2] / count[2] > 1.5 && f1[0] / count[0] > 1.5, "classes in sorted order");
    assertEquals(72 * 3, d.poolY().length); // 90 rows, 18 held out
  }

  @Test
  void standardisationUsesTheTrainingPoolsStatistics() {
    ProvidedDataSet d = DataSets.prepare(spark, settings(
        "path = \"{dir}/reg.parquet\", features = [x1, x2, x3], label = y, standardize = true",
        "depth = 1"));
    for (int j = 0; j < 3; j++) {
      double mean = 0;
      double ss = 0;
      int n = d.poolRows();
      for (int i = 0; i < n; i++) {
        mean += d.poolX()[3 * i + j] / n;
      }
      for (int i = 0; i < n; i++) {
        ss += Math.pow(d.poolX()[3 * i + j] - mean, 2) / n;
      }
      assertEquals(0, mean, 1e-12);
      assertEquals(1, ss, 1e-12);
    }
  }

  @Test
  void theSplitIsSeededAndATestPathReplacesIt() {
    String cols = "path = \"{dir}/reg.parquet\", features = [x1, x2, x3], label = y";
    ProvidedDataSet a = DataSets.prepare(spark, settings(cols, "depth = 1"));
    ProvidedDataSet again = DataSets.prepare(spark, settings(cols, "depth = 1"));
    ProvidedDataSet other = DataSets.prepare(spark, settings(cols + ", split-seed = 5", "depth = 1"));
    assertEquals(a.hash(), again.hash());
    assertArrayEquals(a.testX(), again.testX());
    assertNotEquals(a.hash(), other.hash());
    assertEquals(80, other.poolRows());
    ProvidedDataSet separate = DataSets.prepare(spark, settings(
        cols + ", test-path = \"{dir}/reg.parquet\"", "depth = 1"));
    assertEquals(100, separate.poolRows());
    assertEquals(100, separate.testRows());
    assertNotNull(separate.hash());
  }
}
