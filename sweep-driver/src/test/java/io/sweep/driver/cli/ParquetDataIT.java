package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.CliRun;
import io.sweep.driver.TestData;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestSweeps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * A user's own data end to end: Parquet data sets written with Spark, swept through the real CLI
 * (a samples axis), results read back with SQL, provenance columns included.
 */
class ParquetDataIT {
  @TempDir static Path dir; // removed by JUnit afterwards
  static Path store;

  @BeforeAll
  static void dataSets() throws IOException {
    TestSpark.session();
    store = dir.resolve("store");
    TestData.regression(dir, "reg.parquet", 200, 42);
    TestData.classification(dir, "iris.parquet", 150, 7);
  }

  static CliRun run(String name, String text) {
    Path conf = TestSweeps.write(dir, name + ".conf", text);
    return CliRun.of("run", conf.toString(), "--quiet", "--store", store.toString(),
        "--set", "engine.log-dir=\"" + dir.resolve("logs") + "\"");
  }

  static List<String> sql(String query) {
    CliRun r = CliRun.of("sql", query, "--format", "csv", "--store", store.toString(),
        "--set", "engine.log-dir=\"" + dir.resolve("logs") + "\"");
    assertEquals(0, r.code(), r.err());
    return List.of(r.out().split("\n"));
  }

  @Test
  void aRegressionSetIsSweptOverSampleCountsAndItsRunsRecordTheirData() {
    String reg = dir.resolve("reg.parquet").toString();
    CliRun r = run("reg", """
        sweep {
          name = reg
          grid { samples = [20, 40, 80], seed = [0, 1] }
          model { width = 8 }
          data { type = parquet, path = "%s", features = [x1, x2, x3], label = y,
                 test-fraction = 0.25, standardize = true }
          train { steps = 200, log-every = 50, batch-size = 10, lr = 0.05 }
        }
        """.formatted(reg));
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> rows = sql("SELECT samples, seed, status, input_dim, test_samples, output_dim, "
        + "data_type, data_path, length(data_hash) AS h, size(collect_set(data_hash) OVER ()) AS hashes, "
        + "test_loss < 1.0 AS learned FROM runs WHERE sweep = 'reg' ORDER BY samples, seed");
    assertEquals("samples,seed,status,input_dim,test_samples,output_dim,data_type,data_path,h,hashes,learned",
        rows.get(0));
    assertEquals(1 + 6, rows.size(), String.join("\n", rows));
    for (String row : rows.subList(1, rows.size())) {
      assertTrue(row.matches("\\d+,[01],ok,3,50,1,parquet," + java.util.regex.Pattern.quote(reg)
          + ",64,1,true"), row);
    }
    // Same data, same settings: resumed, nothing to run; the data set's hash is part of the ids.
    CliRun again = run("reg", readConf("reg"));
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("nothing to do"), again.out());
  }

  @Test
  void aThreeClassSetIsOneHotEncodedAsThreeOutputs() {
    String iris = dir.resolve("iris.parquet").toString();
    CliRun r = run("iris", """
        sweep {
          name = iris
          grid { samples = [30, 60], seed = [0] }
          model { width = 8, output-dim = 3 }
          data { type = parquet, path = "%s", features = x, label = species, one-hot = true,
                 test-fraction = 0.2 }
          train { steps = 200, log-every = 50, batch-size = 10, lr = 0.05 }
        }
        """.formatted(iris));
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> rows = sql("SELECT samples, input_dim, test_samples, output_dim, data_path, "
        + "length(data_hash) AS h, status FROM runs WHERE sweep = 'iris' ORDER BY samples");
    assertEquals(1 + 2, rows.size(), String.join("\n", rows));
    for (String row : rows.subList(1, rows.size())) {
      assertTrue(row.startsWith("30,4,30,3," + iris + ",64,") || row.startsWith("60,4,30,3," + iris + ",64,"),
          row);
      assertTrue(row.endsWith(",ok"), row);
    }
    // Targets are one-hot: a trained network beats the constant predictor's loss of 2/9.
    List<String> loss = sql("SELECT max(test_loss) < 2.0 / 9 AS learned FROM runs WHERE sweep = 'iris'");
    assertEquals("true", loss.get(1));
  }

  @Test
  void aBinaryClassColumnTrainsAsOneOutputEndToEnd() {
    String iris = dir.resolve("iris.parquet").toString();
    CliRun r = run("binary", """
        sweep {
          name = binary
          grid { samples = [40, 80] }
          model { width = 8 }
          data { type = parquet, path = "%s", features = [f0, f1, f2, f3], label = is_virginica }
          train { steps = 200, log-every = 50, batch-size = 10, lr = 0.05 }
        }
        """.formatted(iris));
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> rows = sql("SELECT samples, status, output_dim, test_loss < 0.15 AS learned "
        + "FROM runs WHERE sweep = 'binary' ORDER BY samples");
    assertEquals(List.of("samples,status,output_dim,learned", "40,ok,1,true", "80,ok,1,true"), rows);
  }

  private static String readConf(String name) {
    try {
      return Files.readString(dir.resolve(name + ".conf"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
