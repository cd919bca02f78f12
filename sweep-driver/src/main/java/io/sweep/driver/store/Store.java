package io.sweep.driver.store;

import io.sweep.driver.UserError;
import io.sweep.driver.config.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * A store: a directory (local path or any Hadoop file system URI) holding the Parquet tables of
 * {@link Tables}. Appends are Spark writes (each commits atomically through the file output
 * committer); reads always use the declared schemas.
 */
public final class Store {
  /** The Spark SQL setting of how timestamps are written to Parquet. */
  public static final String OUTPUT_TIMESTAMP_TYPE = "spark.sql.parquet.outputTimestampType";
  /** The value every write of the store uses: Parquet INT64 TIMESTAMP(MICROS, isAdjustedToUTC). */
  public static final String TIMESTAMP_MICROS = "TIMESTAMP_MICROS";

  private final SparkSession spark;
  private final Path root;
  private final FileSystem fs;
  /** Writers of {@link #appendDirect}, by file schema: building one costs a copy of the settings. */
  private final java.util.Map<StructType, DirectParquet> writers = new java.util.concurrent.ConcurrentHashMap<>();

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
      FileSystem fs = localWithoutChmod(
          path.getFileSystem(spark.sparkContext().hadoopConfiguration()),
          spark.sparkContext().hadoopConfiguration());
      Path root = fs.makeQualified(path);
      if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
        throw new UserError("store " + root + " is a file, not a directory; give " + UserError.field("store") + " a directory");
      }
      return new Store(spark, root, fs);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError("cannot open store " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * Hadoop's default local file system replaced by {@link LocalStoreFileSystem} (no {@code chmod}
   * process per file); any other file system, or one the user configured for {@code file:}, as
   * it is. The store's {@link DirectParquet} writers follow the same choice.
   */
  static FileSystem localWithoutChmod(FileSystem fs, org.apache.hadoop.conf.Configuration conf)
      throws IOException {
    if (fs.getClass() != org.apache.hadoop.fs.LocalFileSystem.class) {
      return fs;
    }
    FileSystem local = new LocalStoreFileSystem();
    local.initialize(java.net.URI.create("file:///"), conf);
    return local;
  }

  /** The Spark session the store reads and writes with. */
  public SparkSession spark() {
    return spark;
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
    // Spark puts partition columns last; select restores the declared order.
    return spark.read().schema(schema).parquet(new Path(root, table).toString())
        .select(java.util.Arrays.stream(schema.fieldNames()).map(functions::col)
            .toArray(Column[]::new));
  }

  /**
   * The {@code runs} table, one row per (sweep, run_id): should a run have been committed twice
   * (two invocations of one sweep racing), the first committed row is the one that counts. This
   * makes every reader see each run exactly once, whatever happened to the writers.
   */
  public Dataset<Row> runs() {
    Dataset<Row> trained = trainedRuns();
    Dataset<Row> diagnoses = has(Tables.DIAGNOSES)
        ? read(Tables.DIAGNOSES, Tables.DIAGNOSES_SCHEMA) : null;
    return withDiagnoses(trained, diagnoses);
  }

  /** The first committed training row of each run ({@link #firstRuns}), without diagnoses. */
  private Dataset<Row> trainedRuns() {
    return firstRuns(withNeutralDefaults(read(Tables.RUNS, Tables.RUNS_SCHEMA), Parameter::neutral));
  }

  /**
   * The rule of the {@code runs} view with {@code diagnose}: the training columns ({@link
   * RunRows#TRAINING_COLUMNS}) from {@code trained} (the first committed row), every other
   * column from the run's latest diagnosis (greatest {@code diagnosed_at}) when it has one, and
   * {@code diagnosed_at} last (null for a run never re-diagnosed).
   *
   * @param diagnoses raw rows of the {@code diagnoses} table, or null when there are none
   */
  static Dataset<Row> withDiagnoses(Dataset<Row> trained, Dataset<Row> diagnoses) {
    if (diagnoses == null) {
      return trained.withColumn("diagnosed_at",
          functions.lit(null).cast(org.apache.spark.sql.types.DataTypes.TimestampType));
    }
    Dataset<Row> latest = latestDiagnoses(diagnoses).alias("d");
    Dataset<Row> t = trained.alias("t");
    Column diagnosed = functions.col("d.run_id").isNotNull();
    Column[] columns = java.util.Arrays.stream(trained.columns())
        .map(c -> RunRows.TRAINING_COLUMNS.contains(c)
            ? functions.col("t." + c).as(c)
            : functions.when(diagnosed, functions.col("d." + c)).otherwise(functions.col("t." + c)).as(c))
        .toArray(Column[]::new);
    Column[] withStamp = java.util.Arrays.copyOf(columns, columns.length + 1);
    withStamp[columns.length] = functions.col("d.diagnosed_at").as("diagnosed_at");
    return t.join(latest, functions.col("t.sweep").equalTo(functions.col("d.sweep"))
            .and(functions.col("t.run_id").equalTo(functions.col("d.run_id"))), "left")
        .select(withStamp);
  }

  /** The latest diagnosis of each run (the rule {@code compact} keeps too). */
  static Dataset<Row> latestDiagnoses(Dataset<Row> raw) {
    return firstOf(raw, new String[] {"sweep", "run_id"}, raw.col("diagnosed_at").desc());
  }

  /**
   * The {@code weights} view: the tensors committed with the row the {@code runs} view counts
   * (their {@code committed_at} is its {@code finished_at}), each (sweep, run_id, layer, tensor)
   * once. Weights of a commit that crashed before its runs row, or of a second copy of a run, are
   * left out.
   */
  public Dataset<Row> weights() {
    Dataset<Row> counted = trainedRuns().select(functions.col("sweep").as("_sweep"),
        functions.col("run_id").as("_run_id"), functions.col("finished_at").as("_finished_at"));
    Dataset<Row> raw = read(Tables.WEIGHTS, Tables.WEIGHTS_SCHEMA);
    Dataset<Row> kept = raw.join(counted, raw.col("sweep").equalTo(counted.col("_sweep"))
            .and(raw.col("run_id").equalTo(counted.col("_run_id")))
            .and(raw.col("committed_at").equalTo(counted.col("_finished_at"))), "left_semi");
    return firstWeights(kept);
  }

  /**
   * The stored networks of some runs (any sweep), by run id: runs without rows in the {@code
   * weights} view (unknown, diverged, failed, or stored with {@code engine.store-weights = false})
   * are absent. One Spark job; the tensors are collected on the driver.
   */
  public Map<String, StoredNetwork> networks(java.util.Collection<String> runIds) {
    Map<String, Map<Integer, Map<String, StoredNetwork.Tensor>>> tensors = new java.util.HashMap<>();
    Map<String, String> sweeps = new java.util.HashMap<>();
    if (runIds.isEmpty() || !has(Tables.WEIGHTS)) {
      return Map.of();
    }
    Dataset<Row> w = weights();
    List<Row> rows = w.where(w.col("run_id").isin(runIds.toArray()))
        .select("sweep", "run_id", "layer", "tensor", "shape", "values").collectAsList();
    for (Row r : rows) {
      String id = r.getString(1);
      String sweep = r.getString(0);
      // Run ids hash the sweep name, so one id in two sweeps would be a hash collision.
      String prior = sweeps.putIfAbsent(id, sweep);
      if (prior != null && !prior.equals(sweep)) {
        throw new UserError("run id " + id + " is in two sweeps of " + location() + " (" + prior
            + ", " + sweep + "); name the run by a sweep of its own");
      }
      int[] shape = r.<Integer>getList(4).stream().mapToInt(Integer::intValue).toArray();
      double[] values = r.<Double>getList(5).stream().mapToDouble(Double::doubleValue).toArray();
      tensors.computeIfAbsent(id, k -> new java.util.HashMap<>())
          .computeIfAbsent(r.getInt(2), k -> new java.util.HashMap<>())
          .put(r.getString(3), new StoredNetwork.Tensor(shape, values));
    }
    Map<String, StoredNetwork> out = new java.util.HashMap<>();
    tensors.forEach((id, layers) -> out.put(id, StoredNetwork.of(id, layers)));
    return out;
  }

  /** One copy of each (sweep, run_id, layer, tensor): the earliest committed. */
  static Dataset<Row> firstWeights(Dataset<Row> raw) {
    return firstOf(raw, new String[] {"sweep", "run_id", "layer", "tensor"},
        raw.col("committed_at"));
  }

  /** The rule of {@link #runs()}: the first committed copy of each (sweep, run_id). */
  static Dataset<Row> firstRuns(Dataset<Row> raw) {
    return firstOf(raw, new String[] {"sweep", "run_id"}, raw.col("finished_at"), raw.col("executor"));
  }

  /**
   * Rows written before a parameter existed have no value in its column (null when read with
   * today's schema); they ran at what is now its neutral value, and read as that.
   */
  public static Dataset<Row> withNeutralDefaults(
      Dataset<Row> runs, java.util.function.Function<Parameter, java.util.Optional<Object>> neutral) {
    Dataset<Row> out = runs;
    for (Parameter p : Parameter.values()) {
      java.util.Optional<Object> value = neutral.apply(p);
      if (value.isPresent()) {
        out = out.withColumn(p.column(), functions.coalesce(out.col(p.column()),
            functions.lit(value.get()).cast(out.schema().apply(p.column()).dataType())));
      }
    }
    return out;
  }

  /**
   * One row per value of {@code keys}: the first in {@code order}. Copies of a row can only come
   * from a run committed twice, so which one is kept matters only for provenance.
   */
  private static Dataset<Row> firstOf(Dataset<Row> raw, String[] keys, Column... order) {
    WindowSpec window =
        Window.partitionBy(java.util.Arrays.stream(keys).map(raw::col).toArray(Column[]::new))
            .orderBy(order);
    return raw.withColumn("_copy", functions.row_number().over(window))
        .where("_copy = 1")
        .drop("_copy");
  }

  /** The {@code trajectories} table, one row per (sweep, run_id, step) (see {@link #runs()}). */
  public Dataset<Row> trajectories() {
    return firstPoints(read(Tables.TRAJECTORIES, Tables.TRAJECTORIES_SCHEMA));
  }

  /** The rule of {@link #trajectories()}: one copy of each (sweep, run_id, step). */
  static Dataset<Row> firstPoints(Dataset<Row> raw) {
    return firstOf(raw, new String[] {"sweep", "run_id", "step"}, raw.col("train_loss"));
  }

  /** The run ids of one sweep already in the store. */
  public Set<String> runIds(String sweep) {
    Set<String> ids = new HashSet<>();
    Dataset<Row> raw = read(Tables.RUNS, Tables.RUNS_SCHEMA);
    // No distinct(): the set removes the rare duplicates, and Spark's aggregation would take
    // tens of MiB of driver heap in local mode for a sweep of 10⁵ runs, every time it is re-read.
    for (Row r : raw.where(raw.col("sweep").equalTo(sweep)).select("run_id").collectAsList()) {
      ids.add(r.getString(0));
    }
    return ids;
  }

  /**
   * The distinct values of some columns of {@code table} among the rows of one sweep, in one
   * Spark job: column → values (empty lists when the sweep has no rows).
   */
  public java.util.Map<String, List<Object>> distinctValues(
      String table, StructType schema, String sweep, List<String> columns) {
    Dataset<Row> raw = read(table, schema);
    Column[] sets = columns.stream().map(c -> functions.collect_set(raw.col(c))).toArray(Column[]::new);
    Row row = raw.where(raw.col("sweep").equalTo(sweep)).agg(sets[0],
        java.util.Arrays.copyOfRange(sets, 1, sets.length)).first();
    java.util.Map<String, List<Object>> values = new java.util.LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      values.put(columns.get(i), row.isNullAt(i) ? List.of() : row.<Object>getList(i));
    }
    return values;
  }

  /** Appends rows of a declared table (see {@link #append(String, StructType, List)}). */
  public void append(TableDef<?> table, List<Row> rows) {
    append(table.name(), table.schema(), rows);
  }

  /**
   * Appends rows of {@code schema} to {@code table}, partitioned by {@code sweep}, as one atomic
   * commit per sweep partition, safe with any number of concurrent writers.
   *
   * <p>Why not a plain {@code write().mode(Append)} to the table: Spark's file output committer
   * stages every job under {@code table/_temporary/0}, a path shared by all jobs writing the table;
   * a job that commits or aborts deletes it, destroying the files of a concurrent job. Instead
   * each append is a Spark job into a private staging directory ({@code table/_staging/<uuid>},
   * hidden from readers by its leading underscore), whose single file per partition is then
   * renamed into place — one rename, atomic on local and HDFS file systems. A crash leaves at
   * worst an orphan staging directory, never a partial row set.
   */
  public void append(String table, StructType schema, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    commit(table, spark.createDataFrame(rows, schema));
  }

  /**
   * Commits {@code frame} (rows of the table's schema, with its {@code sweep} column) to {@code
   * table} by the protocol of {@link #append(String, StructType, List)}: one file per sweep
   * partition, each renamed into place.
   *
   * @return the committed files
   */
  List<Path> commit(String table, Dataset<Row> frame) {
    String commit = UUID.randomUUID().toString();
    Path tableDir = new Path(root, table);
    Path staging = new Path(tableDir, STAGING + "/" + commit);
    withMicrosTimestamps(spark, () -> frame
        .coalesce(1)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy("sweep")
        .parquet(staging.toString()));
    try {
      return publish(tableDir, staging, commit);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit to store " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * The one publishing step of every commit: each Parquet file of a staging directory (laid out
   * {@code sweep=NAME/FILE}) renamed into its table partition as {@code COMMIT-FILE} — one rename
   * per file, atomic on local and HDFS file systems — then the staging directory removed.
   *
   * @return the committed files
   */
  private List<Path> publish(Path tableDir, Path staging, String commit) throws IOException {
    List<Path> committed = new java.util.ArrayList<>();
    for (FileStatus partition : fs.listStatus(staging)) {
      if (!partition.isDirectory()) {
        continue; // _SUCCESS
      }
      Path target = new Path(tableDir, partition.getPath().getName());
      fs.mkdirs(target);
      for (FileStatus file : fs.listStatus(partition.getPath())) {
        String name = file.getPath().getName();
        if (name.endsWith(".parquet")) {
          Path to = new Path(target, commit + "-" + name);
          if (!fs.rename(file.getPath(), to)) {
            throw new IOException("rename " + file.getPath() + " -> " + to + " failed");
          }
          committed.add(to);
        }
      }
    }
    fs.delete(staging, true);
    return committed;
  }

  /**
   * Appends rows by the protocol of {@link #append(String, StructType, List)}, but writes the
   * Parquet files in this JVM instead of in a Spark job: no task slot is needed, so a commit is
   * never queued behind training tasks that hold every core (which would bound durability by the
   * length of a pack, not by time), and it costs no job scheduling. The files are those a Spark
   * write produces (Spark's own Parquet writer and settings, timestamps as {@value
   * #TIMESTAMP_MICROS}); use it for row sets the driver holds anyway.
   *
   * @return the committed files (one per sweep partition)
   */
  public List<Path> appendDirect(String table, StructType schema, List<Row> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    int sweepField = schema.fieldIndex("sweep");
    java.util.Map<String, List<Row>> bySweep = new java.util.LinkedHashMap<>();
    for (Row r : rows) {
      bySweep.computeIfAbsent(r.getString(sweepField), k -> new java.util.ArrayList<>()).add(r);
    }
    StructType fileSchema = fileSchema(schema);
    String commit = UUID.randomUUID().toString();
    Path tableDir = new Path(root, table);
    Path staging = new Path(tableDir, STAGING + "/" + commit);
    try {
      DirectParquet writer = writers.computeIfAbsent(fileSchema,
          k -> DirectParquet.of(spark, k, fs instanceof LocalStoreFileSystem));
      for (java.util.Map.Entry<String, List<Row>> e : bySweep.entrySet()) {
        String partition = org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils
            .getPartitionPathString("sweep", e.getKey());
        writer.write(new Path(new Path(staging, partition), "part-00000" + writer.extension()),
            e.getValue(), sweepField);
      }
      return publish(tableDir, staging, commit);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit to store " + root + ": " + e.getMessage(), e);
    }
  }

  /** A table's columns as its files hold them: all but {@code sweep}, which is the directory. */
  static StructType fileSchema(StructType schema) {
    return new StructType(java.util.Arrays.stream(schema.fields())
        .filter(f -> !f.name().equals("sweep"))
        .toArray(org.apache.spark.sql.types.StructField[]::new));
  }

  /** The hidden directory under each table where commits are staged. */
  static final String STAGING = "_staging";

  /** The file system and root, for the store's maintenance ({@link Compaction}). */
  FileSystem fileSystem() {
    return fs;
  }

  Path root() {
    return root;
  }

  /**
   * Runs a write with {@value #OUTPUT_TIMESTAMP_TYPE} = {@value #TIMESTAMP_MICROS}, then restores
   * the session's own value.
   *
   * <p>Why here and not in {@code engine.spark}: the session may come from spark-submit, a
   * notebook or a test that never read sweep's configuration, and Spark's default is still the
   * deprecated INT96. Parquet readers outside Spark (DuckDB, pyarrow, parquet-java) read
   * TIMESTAMP_MICROS as a proper timestamp (docs/reading-the-store.md), so every file the store
   * writes uses it whatever the session says; so does {@code export}. Spark's Parquet writer
   * copies this setting from the session's SQL conf at the start of each write (over any write
   * option), hence set-and-restore around the job, which leaves a notebook's own writes as the
   * user configured them. Files written before this change hold INT96; Spark reads both kinds in
   * one scan ({@code LegacyStoreIT}).
   */
  public static void withMicrosTimestamps(SparkSession spark, Runnable write) {
    // One store write at a time per session, so that two threads appending through one session
    // cannot restore each other's setting in the middle of a write.
    synchronized (spark) {
      org.apache.spark.sql.RuntimeConfig conf = spark.conf();
      String before = conf.contains(OUTPUT_TIMESTAMP_TYPE) ? conf.get(OUTPUT_TIMESTAMP_TYPE) : null;
      conf.set(OUTPUT_TIMESTAMP_TYPE, TIMESTAMP_MICROS);
      try {
        write.run();
      } finally {
        if (before == null) {
          conf.unset(OUTPUT_TIMESTAMP_TYPE);
        } else {
          conf.set(OUTPUT_TIMESTAMP_TYPE, before);
        }
      }
    }
  }

  /**
   * A derived table (phases, thresholds) keeping only the latest computation of each key: those
   * tables are appended to on every invocation, and a reader wants the current answer.
   */
  public Dataset<Row> latest(String table, StructType schema, String... keys) {
    return latestOf(read(table, schema), keys);
  }

  /**
   * The rule of {@link #latest}: the rows of the latest {@code computed_at} of each key, each
   * distinct row once (an interrupted {@code compact} can leave a row in two files). Copies are
   * told by their columns other than maps (Spark cannot compare maps; a copy's maps are equal too).
   */
  public static Dataset<Row> latestOf(Dataset<Row> raw, String... keys) {
    WindowSpec window = Window.partitionBy(java.util.Arrays.stream(keys).map(raw::col).toArray(Column[]::new));
    String[] comparable = java.util.Arrays.stream(raw.schema().fields())
        .filter(f -> !(f.dataType() instanceof org.apache.spark.sql.types.MapType))
        .map(org.apache.spark.sql.types.StructField::name).toArray(String[]::new);
    return raw.withColumn("_latest", functions.max("computed_at").over(window))
        .where("computed_at = _latest")
        .drop("_latest")
        .dropDuplicates(comparable);
  }

  /**
   * Refuses a sweep this store has never seen, naming the ones it has.
   *
   * @throws UserError for an unknown sweep
   */
  public void requireSweep(String sweep) {
    List<String> known = sweepNames();
    if (!known.contains(sweep)) {
      throw new UserError(UserError.field("sweep") + " '" + sweep + "': no such sweep in " + location()
          + (known.isEmpty() ? " (the store holds no sweeps)" : "; sweeps there: " + String.join(", ", known)));
    }
  }

  /** The names of the sweeps ever started in this store (from the sweep log), sorted. */
  public List<String> sweepNames() {
    return read(Tables.SWEEP_LOG, Tables.SWEEP_LOG_SCHEMA).select("sweep").distinct().orderBy("sweep")
        .collectAsList().stream().map(r -> r.getString(0)).toList();
  }
}
