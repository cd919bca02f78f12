package io.sweep.driver.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.TestSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by {@link Store#appendDirect}: which columns are dictionary-encoded, and the values read back. */
class DirectParquetTest {
  @TempDir Path dir;

  @Test
  void tensorValuesArePlainEncodedWhileARepeatedColumnKeepsItsDictionaryAndEveryValueReadsBack() throws Exception {
    SparkSession spark = TestSpark.session();
    Random random = new Random(7);
    Instant at = Instant.parse("2026-11-30T00:00:00Z");
    List<WeightRows.WeightRow> tensors = new ArrayList<>();
    for (int run = 0; run < 8; run++) {
      // few distinct values: a dictionary would pay here, so only the setting keeps it off
      double[] values = random.ints(640, 0, 4).asDoubleStream().toArray();
      tensors.add(new WeightRows.WeightRow("s", "run-" + run, 1, WeightRows.WEIGHT,
          new int[] {32, 20}, values, true, at));
    }
    Store store = Store.open(spark, dir.toString());
    List<org.apache.hadoop.fs.Path> files = store.appendDirect(WeightRows.WEIGHTS.name(),
        WeightRows.WEIGHTS.schema(), WeightRows.WEIGHTS.rows(tensors));
    assertEquals(1, files.size());

    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(files.get(0), new Configuration()))) {
      Map<String, ColumnChunkMetaData> columns = reader.getFooter().getBlocks().get(0).getColumns()
          .stream().collect(Collectors.toMap(c -> c.getPath().toDotString(), c -> c));
      assertTrue(columns.containsKey("values.list.element"), columns.keySet().toString());
      assertFalse(columns.get("values.list.element").hasDictionaryPage(), "tensor values: plain");
      assertTrue(columns.get("tensor").hasDictionaryPage(), "tensor names keep their dictionary");
    }

    List<Row> back = spark.read().parquet(files.get(0).toString()).orderBy("run_id").collectAsList();
    assertEquals(tensors.size(), back.size());
    for (int i = 0; i < tensors.size(); i++) {
      List<Double> read = back.get(i).getList(back.get(i).fieldIndex("values"));
      assertArrayEquals(tensors.get(i).values(), read.stream().mapToDouble(Double::doubleValue).toArray());
    }
  }
}
