package io.sweep.driver.store;

import io.sweep.driver.UserError;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A store: a directory (local path or any Hadoop file system URI) holding the Parquet tables of
 * {@link Tables}. Appends are Spark writes (each commits atomically through the file output
 * committer); reads always use the declared schemas.
 */
public final class Store {
  private final SparkSession spark;
  private final Path root;
  private final FileSystem fs;

  private Store(SparkSession spark, Path root, FileSystem fs) {
    this.spark = spark;
    this.root = root;
    this.fs = fs;
  }

  /**
   * Opens a store, creating nothing yet.
   *
   * @throws UserError when the location is a file, or its file system cannot be reached
   */
  public static Store open(SparkSession spark, String location) {
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path root = fs.makeQualified(path);
      if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
        throw new UserError("store " + root + " is a file, not a directory; give --store a directory");
      }
      return new Store(spark, root, fs);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError("cannot open store " + location + ": " + e.getMessage(), e);
    }
  }

  /** The fully qualified root, e.g. {@code file:/home/me/sweep-store}. */
  public String location() {
    return root.toString();
  }

  /** Whether a table has been written at least once. */
  public boolean has(String table) {
    try {
      Path dir = new Path(root, table);
      if (!fs.exists(dir)) {
        return false;
      }
      FileStatus[] children = fs.listStatus(dir);
      for (FileStatus child : children) {
        if (!child.getPath().getName().startsWith("_") && !child.getPath().getName().startsWith(".")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UserError("cannot read store " + root + ": " + e.getMessage(), e);
    }
  }

  /** A table read with its declared schema; empty when never written. */
  public Dataset<Row> read(String table, StructType schema) {
    if (!has(table)) {
      return spark.createDataFrame(List.of(), schema);
    }
    return spark.read().schema(schema).parquet(new Path(root, table).toString());
  }

  /** The {@code runs} table. */
  public Dataset<Row> runs() {
    return read(Tables.RUNS, Tables.RUNS_SCHEMA);
  }

  /** The run ids of one sweep already in the store. */
  public Set<String> runIds(String sweep) {
    Set<String> ids = new HashSet<>();
    Dataset<Row> runs = runs();
    for (Row r : runs.where(runs.col("sweep").equalTo(sweep)).select("run_id").collectAsList()) {
      ids.add(r.getString(0));
    }
    return ids;
  }

  /** Appends rows of {@code schema} to {@code table}, partitioned by {@code sweep}, as one commit. */
  public void append(String table, StructType schema, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    spark
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .mode(SaveMode.Append)
        .partitionBy("sweep")
        .parquet(new Path(root, table).toString());
  }

  /**
   * Registers the SQL views {@code runs}, {@code trajectories}, {@code sweeps} (one row per sweep)
   * and {@code sweep_log} (one row per start and end of each invocation).
   */
  public void registerViews() {
    runs().createOrReplaceTempView(Tables.RUNS);
    read(Tables.TRAJECTORIES, Tables.TRAJECTORIES_SCHEMA).createOrReplaceTempView(Tables.TRAJECTORIES);
    read(Tables.SWEEP_LOG, Tables.SWEEP_LOG_SCHEMA).createOrReplaceTempView("sweep_log");
    spark
        .sql(
            "SELECT sweep, sweep AS name, max_by(config, started_at) AS config, "
                + "max_by(source, started_at) AS source, "
                + "max_by(planned_runs, started_at) AS planned_runs, "
                + "min(started_at) AS started_at, max(ended_at) AS ended_at, "
                + "max_by(engine_version, started_at) AS engine_version, "
                + "count(DISTINCT invocation) AS invocations "
                + "FROM sweep_log GROUP BY sweep")
        .createOrReplaceTempView(Tables.SWEEPS);
  }
}
