package io.sweep.driver.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sweep.driver.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Which varied axes make the cells of a threshold or refinement. */
class SweepRowsTest {
  private static final StructType SCHEMA = new StructType()
      .add("samples", DataTypes.IntegerType).add("batch_size", DataTypes.IntegerType)
      .add("input_dim", DataTypes.IntegerType).add("lr", DataTypes.DoubleType);

  /** samples × input_dim × lr, batch_size = samples (full batch) or a fixed 8 crossed with 16. */
  private static Dataset<Row> grid(boolean fullBatch) {
    List<Row> rows = new ArrayList<>();
    for (int n : new int[] {16, 32, 64}) {
      for (int d : new int[] {4, 6}) {
        for (double lr : new double[] {0.01, 0.1}) {
          rows.add(RowFactory.create(n, fullBatch ? n : 8, d, lr));
          if (!fullBatch) {
            rows.add(RowFactory.create(n, 16, d, lr));
          }
        }
      }
    }
    SparkSession spark = TestSpark.session();
    return spark.createDataFrame(rows, SCHEMA);
  }

  @Test
  void aColumnTheAxisDeterminesIsNotACellAxis() {
    List<String> varied = List.of("samples", "batch_size", "input_dim", "lr");
    assertEquals(List.of("input_dim", "lr"), SweepRows.cellAxes(grid(true), varied, "samples"),
        "full batch: batch_size is the sample count, not an axis of its own");
    assertEquals(List.of("batch_size", "input_dim", "lr"),
        SweepRows.cellAxes(grid(false), varied, "samples"), "a crossed batch-size axis stays");
    assertEquals(List.of("samples", "batch_size", "input_dim"),
        SweepRows.cellAxes(grid(true), varied, "lr"), "along lr, nothing is determined");
    assertEquals(List.of(), SweepRows.cellAxes(grid(true), List.of("samples"), "samples"));
  }
}
