package io.sweep.driver.app;

import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.CliRun;
import io.sweep.driver.ParquetFooters;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestStore;
import io.sweep.driver.TestSweeps;
import io.sweep.driver.config.ConfigLoader;
import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.phase.PhaseTables;
import io.sweep.driver.store.RunRows;
import io.sweep.driver.store.Store;
import io.sweep.driver.store.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader contract of docs/reading-the-store.md, checked as an outside reader sees the store:
 * every Parquet file of every table of a store written by today's code (a tiny sweep through
 * {@link Sweeps}, one phase diagram, one threshold estimate), opened with parquet-java's own reader,
 * no Spark. Each file holds the table's declared columns (the partition column {@code sweep} lives
 * in the directory name) in the declared order, with these Parquet types: string → BINARY (STRING),
 * int → INT32, long → INT64, double → DOUBLE, boolean → BOOLEAN, timestamp → INT64
 * TIMESTAMP(MICROS, isAdjustedToUTC = true), map of strings → MAP of BINARY (STRING) keys and values.
 * The runs are written from a session set to INT96, which the store overrides for its own writes.
 */
class ReaderContractIT {

  @TempDir static Path dir;

  static Path store;

  @BeforeAll
  static void writeAStoreWithEveryTable() {
    store = dir.resolve("store");
    EngineSettings engine = SettingsParser.engine(ConfigLoader.load(null, List.of()))
        .withStore(store.toString());
    Sweeps sweeps = Sweeps.open(TestSpark.session(), engine);
    String text = """
        sweep {
          name = reader
          grid { lr = [0.02, 0.05], samples = [8, 16], seed = [0] }
          model { width = 8 }
          data { input-dim = 4, test-samples = 64 }
          train { steps = 40, log-every = 20, batch-size = 4 }
        }
        """;
    // a session that asks for INT96 (as a notebook's might) still gets TIMESTAMP_MICROS files,
    // and keeps its own setting for its own writes
    TestSpark.session().conf().set(Store.OUTPUT_TIMESTAMP_TYPE, "INT96");
    try {
      assertEquals(4, sweeps.run(sweeps.prepare(TestSweeps.settings(text), null), n -> {}).ran());
      assertEquals("INT96", TestSpark.session().conf().get(Store.OUTPUT_TIMESTAMP_TYPE));
    } finally {
      TestSpark.session().conf().unset(Store.OUTPUT_TIMESTAMP_TYPE);
    }
    TestStore test = new TestStore(store, dir.resolve("logs"));
    CliRun phase = test.cli("phase", "--sweep", "reader", "--x", "samples", "--y", "lr", "--metric", "train_loss");
    assertEquals(0, phase.code(), phase.err());
    CliRun threshold = test.cli("threshold", "--sweep", "reader");
    assertEquals(0, threshold.code(), threshold.err());
  }

  /** Directory of each table under the store → its declared schema. */
  static Map<String, StructType> tables() {
    Map<String, StructType> t = new LinkedHashMap<>();
    t.put(Tables.RUNS, RunRows.RUNS.schema());
    t.put(Tables.TRAJECTORIES, RunRows.TRAJECTORIES.schema());
    t.put(Tables.SWEEP_LOG, Tables.SWEEP_LOG_SCHEMA);
    t.put(Tables.PHASES, PhaseTables.PHASES.schema());
    t.put(Tables.THRESHOLDS, PhaseTables.THRESHOLDS.schema());
    return t;
  }

  @Test
  void everyFileOfEveryTableHasTheDeclaredColumnsWithTheDocumentedParquetTypes() {
    int files = 0;
    for (Map.Entry<String, StructType> table : tables().entrySet()) {
      Path tableDir = store.resolve(table.getKey());
      assertTrue(Files.isDirectory(tableDir.resolve("sweep=reader")), tableDir + " has no sweep=reader/");
      List<Path> data = ParquetFooters.dataFiles(tableDir);
      assertFalse(data.isEmpty(), "no data files under " + tableDir);
      for (Path file : data) {
        files++;
        MessageType schema = ParquetFooters.schema(file);
        List<String> expected = new ArrayList<>();
        for (StructField f : table.getValue().fields()) {
          if (!f.name().equals("sweep")) {
            expected.add(f.name());
          }
        }
        List<String> actual = schema.getFields().stream().map(Type::getName).toList();
        assertEquals(expected, actual, file + ": columns and their order");
        for (StructField f : table.getValue().fields()) {
          if (!f.name().equals("sweep")) {
            assertParquetType(f.dataType(), schema.getType(f.name()), table.getKey() + "." + f.name());
          }
        }
      }
    }
    assertTrue(files >= 6, "files checked: " + files); // sweeps has two: start and end
  }

  @Test
  void theContractsTypesOfTheMainColumnsOfRunsAreThoseInTheFiles() {
    MessageType runs = ParquetFooters.schema(ParquetFooters.dataFiles(store.resolve(Tables.RUNS)).get(0));
    assertEquals(LogicalTypeAnnotation.stringType(), runs.getType("run_id").getLogicalTypeAnnotation());
    assertEquals(INT32, runs.getType("seed").asPrimitiveType().getPrimitiveTypeName());
    assertEquals(DOUBLE, runs.getType("lr").asPrimitiveType().getPrimitiveTypeName());
    assertEquals(INT32, runs.getType("batch_size").asPrimitiveType().getPrimitiveTypeName());
    assertEquals(INT64, runs.getType("steps").asPrimitiveType().getPrimitiveTypeName());
    assertEquals(BOOLEAN, runs.getType("interpolated").asPrimitiveType().getPrimitiveTypeName());
    assertEquals(BOOLEAN, runs.getType("converged").asPrimitiveType().getPrimitiveTypeName());
    assertEquals(DOUBLE, runs.getType("grad_norm").asPrimitiveType().getPrimitiveTypeName());
    assertEquals(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS),
        runs.getType("finished_at").getLogicalTypeAnnotation());
  }

  private static void assertParquetType(DataType spark, Type parquet, String column) {
    if (spark instanceof MapType map) {
      assertEquals(DataTypes.StringType, map.keyType(), column);
      assertEquals(DataTypes.StringType, map.valueType(), column);
      assertEquals(LogicalTypeAnnotation.mapType(), parquet.getLogicalTypeAnnotation(), column);
      GroupType keyValue = parquet.asGroupType().getType(0).asGroupType();
      assertTrue(keyValue.isRepetition(Type.Repetition.REPEATED), column + ": " + parquet);
      assertEquals("key", keyValue.getType(0).getName(), column);
      assertEquals("value", keyValue.getType(1).getName(), column);
      assertParquetType(DataTypes.StringType, keyValue.getType(0), column + ".key");
      assertParquetType(DataTypes.StringType, keyValue.getType(1), column + ".value");
      return;
    }
    if (spark instanceof org.apache.spark.sql.types.ArrayType array) {
      // The standard three-level list: optional group (LIST) { repeated group list { element } }
      assertEquals(LogicalTypeAnnotation.listType(), parquet.getLogicalTypeAnnotation(), column);
      GroupType list = parquet.asGroupType().getType(0).asGroupType();
      assertTrue(list.isRepetition(Type.Repetition.REPEATED), column + ": " + parquet);
      assertEquals("list", list.getName(), column);
      assertEquals("element", list.getType(0).getName(), column);
      assertParquetType(array.elementType(), list.getType(0), column + ".element");
      return;
    }
    assertTrue(parquet.isPrimitive(), column + ": " + parquet);
    PrimitiveType p = parquet.asPrimitiveType();
    LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
    if (spark.equals(DataTypes.StringType)) {
      assertEquals(BINARY, p.getPrimitiveTypeName(), column);
      assertEquals(LogicalTypeAnnotation.stringType(), logical, column);
    } else if (spark.equals(DataTypes.TimestampType)) {
      assertEquals(INT64, p.getPrimitiveTypeName(), column);
      assertEquals(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS), logical, column);
    } else if (spark.equals(DataTypes.IntegerType)) {
      assertEquals(INT32, p.getPrimitiveTypeName(), column);
      assertNull(logical, column);
    } else if (spark.equals(DataTypes.LongType)) {
      assertEquals(INT64, p.getPrimitiveTypeName(), column);
      assertNull(logical, column);
    } else if (spark.equals(DataTypes.DoubleType)) {
      assertEquals(DOUBLE, p.getPrimitiveTypeName(), column);
      assertNull(logical, column);
    } else if (spark.equals(DataTypes.BooleanType)) {
      assertEquals(BOOLEAN, p.getPrimitiveTypeName(), column);
      assertNull(logical, column);
    } else {
      throw new AssertionError(column + ": a Spark type the reader contract does not cover: " + spark
          + " (add it to docs/reading-the-store.md and here)");
    }
  }
}
