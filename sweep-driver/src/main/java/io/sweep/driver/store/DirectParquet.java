package io.sweep.driver.store;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetOptions;
import org.apache.spark.sql.execution.datasources.parquet.ParquetUtils;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;

/**
 * Writes Parquet files in the calling JVM with Spark's own writer ({@code ParquetUtils.prepareWrite},
 * as every Spark Parquet write task does), the session's settings and timestamps as {@value
 * Store#TIMESTAMP_MICROS}: the same files as a Spark job, without one ({@link Store#appendDirect}).
 */
final class DirectParquet {
  /** Hadoop's setting of the {@code file:} scheme's file system class. */
  private static final String LOCAL_IMPL = "fs.file.impl";

  private final StructType schema;
  private final OutputWriterFactory factory;
  private final TaskAttemptContext context;
  private final scala.Function1<Object, Object> toCatalyst;

  /**
   * A writer of files of {@code schema} with the session's settings; {@code withoutChmod}: local
   * files are opened through {@link LocalStoreFileSystem}, as the store's own file system is
   * ({@link Store#localWithoutChmod} decides for both).
   */
  static DirectParquet of(SparkSession spark, StructType schema, boolean withoutChmod) {
    try {
      return new DirectParquet(spark, schema, withoutChmod);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private DirectParquet(SparkSession spark, StructType schema, boolean withoutChmod)
      throws IOException {
    this.schema = schema;
    SQLConf sql = spark.sessionState().conf().clone();
    sql.setConfString(Store.OUTPUT_TIMESTAMP_TYPE, Store.TIMESTAMP_MICROS);
    Job job = Job.getInstance(spark.sessionState().newHadoopConf());
    if (withoutChmod) {
      // The writer opens its file through FileSystem.get: local files go through
      // LocalStoreFileSystem (no chmod process per file), a fresh instance each time, uncached,
      // so the JVM-wide cache of the session's own local file system is left alone.
      job.getConfiguration().set(LOCAL_IMPL, LocalStoreFileSystem.class.getName());
      job.getConfiguration().setBoolean("fs.file.impl.disable.cache", true);
    }
    withoutDoubleArrayDictionaries(sql, schema, job.getConfiguration());
    scala.collection.immutable.Map<String, String> none = scala.collection.immutable.Map$.MODULE$.empty();
    this.factory = ParquetUtils.prepareWrite(sql, job, schema, new ParquetOptions(none, sql));
    this.context = new TaskAttemptContextImpl(job.getConfiguration(),
        new TaskAttemptID("sweep", 0, TaskType.MAP, 0, 0));
    this.toCatalyst = CatalystTypeConverters.createToCatalystConverter(schema);
  }

  /**
   * Turns Parquet's dictionary encoding off for the doubles inside arrays (the weights' tensors):
   * trained parameters never repeat, so the writer built a hash map of every value only to fall
   * back to plain encoding at the end of each page, which made about 40% of a commit's time. The
   * files stay plain Parquet, read by every reader; other columns keep their dictionaries.
   */
  private static void withoutDoubleArrayDictionaries(SQLConf sql, StructType schema,
      org.apache.hadoop.conf.Configuration conf) {
    for (ColumnDescriptor c : new SparkToParquetSchemaConverter(sql).convert(schema).getColumns()) {
      if (c.getMaxRepetitionLevel() > 0
          && c.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE) {
        conf.setBoolean(ParquetOutputFormat.ENABLE_DICTIONARY + "#" + String.join(".", c.getPath()), false);
      }
    }
  }

  /** The file name extension Spark gives such files, e.g. {@code .snappy.parquet}. */
  String extension() {
    return factory.getFileExtension(context);
  }

  /**
   * Writes {@code rows} (of the table's schema) to {@code file}, leaving out field {@code skip}.
   * A field of type array&lt;double&gt; may hold a {@code double[]} (the weights' tensors: ≈ 10×
   * faster than a Scala sequence of boxed values, which made most of a commit's time).
   */
  synchronized void write(Path file, List<Row> rows, int skip) {
    OutputWriter out = factory.newInstance(file.toString(), schema, context);
    boolean ok = false;
    try {
      for (Row r : rows) {
        Object[] values = new Object[r.length() - 1];
        ArrayData[] primitive = null;
        for (int i = 0, j = 0; i < r.length(); i++) {
          if (i == skip) {
            continue;
          }
          Object v = r.get(i);
          if (v instanceof double[] a) {
            // an array<double> column held as double[]: Spark's own unboxed layout, set after
            // the conversion below (which would box every element)
            primitive = primitive == null ? new ArrayData[values.length] : primitive;
            primitive[j] = UnsafeArrayData.fromPrimitiveArray(a);
            v = null;
          }
          values[j++] = v;
        }
        InternalRow row = (InternalRow) toCatalyst.apply(RowFactory.create(values));
        if (primitive != null) {
          for (int j = 0; j < primitive.length; j++) {
            if (primitive[j] != null) {
              row.update(j, primitive[j]);
            }
          }
        }
        out.write(row);
      }
      ok = true;
    } finally {
      out.close();
      if (!ok) {
        try {
          file.getFileSystem(context.getConfiguration()).delete(file, false);
        } catch (IOException ignored) {
          // the staging directory is removed as abandoned later
        }
      }
    }
  }
}
