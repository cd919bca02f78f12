package io.sweep.driver.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Merges the small files of one sweep's partition of each table into one file holding exactly the
 * rows its view shows (each run once, the latest phase computation), and removes the staging
 * directories that killed commits left behind.
 *
 * <p>Exactly once, whatever happens: the files present at the start are listed first; their rows,
 * reduced by the view's rule, are committed as one new file by the store's commit protocol
 * (staging, then one rename); only then are the listed files deleted. A crash before the rename
 * changes nothing readers see; a crash after it leaves rows in both the new and some old files,
 * which every view reduces to one copy (runs and trajectories by key, phases and thresholds by
 * key and identical content), and the next {@code compact} finishes the job. Files committed by a
 * concurrent writer during compaction are not listed, so they are kept untouched.
 *
 * <p>Staging directories ({@code table/_staging/<uuid>}) are removed only when older than a
 * given age, so a commit in flight is never disturbed.
 */
public final class Compaction {

  /**
   * A table to compact.
   *
   * @param name   its directory
   * @param schema its declared schema
   * @param view   the rule that reduces raw rows to what its view shows
   */
  public record Table(String name, StructType schema, UnaryOperator<Dataset<Row>> view) {
    public Table {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(schema, "schema");
      Objects.requireNonNull(view, "view");
    }
  }

  /** The {@code runs} table: the first committed copy of each run. */
  public static final Table RUNS = new Table(Tables.RUNS, Tables.RUNS_SCHEMA, Store::firstRuns);
  /** The {@code trajectories} table: one copy of each (run, step). */
  public static final Table TRAJECTORIES =
      new Table(Tables.TRAJECTORIES, Tables.TRAJECTORIES_SCHEMA, Store::firstPoints);

  /**
   * The {@code weights} table: one copy of each tensor of each commit (weights whose runs row is
   * not, or not yet, committed are kept: a sweep may be committing them right now).
   */
  public static final Table WEIGHTS = new Table(Tables.WEIGHTS, Tables.WEIGHTS_SCHEMA,
      raw -> raw.dropDuplicates("sweep", "run_id", "layer", "tensor", "committed_at"));
  /** The {@code diagnoses} table: the latest diagnosis of each run. */
  public static final Table DIAGNOSES =
      new Table(Tables.DIAGNOSES, Tables.DIAGNOSES_SCHEMA, Store::latestDiagnoses);

  /**
   * What compaction did to one table's partition.
   *
   * @param table        the table
   * @param filesBefore  data files of the sweep before
   * @param filesAfter   data files after (1, or 0 for a table the sweep has no rows in)
   * @param rowsBefore   rows in those files
   * @param rowsAfter    rows kept (what the view shows)
   * @param stagingRemoved abandoned staging directories removed from the table
   */
  public record Result(
      String table, int filesBefore, int filesAfter, long rowsBefore, long rowsAfter,
      int stagingRemoved) {}

  private Compaction() {}

  /**
   * Compacts {@code sweep}'s partition of each table.
   *
   * @param stagingAge staging directories last modified longer ago than this are removed
   */
  public static List<Result> compact(
      Store store, String sweep, List<Table> tables, Duration stagingAge) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(sweep, "sweep");
    List<Result> results = new ArrayList<>();
    for (Table t : tables) {
      results.add(compact(store, sweep, t, stagingAge));
    }
    return results;
  }

  private static Result compact(Store store, String sweep, Table table, Duration stagingAge) {
    FileSystem fs = store.fileSystem();
    Path tableDir = new Path(store.root(), table.name());
    Path partition = new Path(tableDir, "sweep=" + sweep);
    try {
      int staging = removeStaleStaging(fs, new Path(tableDir, Store.STAGING), stagingAge);
      List<Path> files = dataFiles(fs, partition);
      if (files.isEmpty()) {
        return new Result(table.name(), 0, 0, 0, 0, staging);
      }
      Dataset<Row> raw = readFiles(store, table, sweep, files);
      long before = raw.count();
      Dataset<Row> kept = table.view().apply(raw);
      long after = kept.count();
      if (files.size() == 1 && after == before) {
        return new Result(table.name(), 1, 1, before, after, staging);
      }
      store.commit(table.name(), kept);
      for (Path f : files) {
        fs.delete(f, false);
      }
      return new Result(table.name(), files.size(), dataFiles(fs, partition).size(), before,
          after, staging);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot compact " + partition + ": " + e.getMessage(), e);
    }
  }

  /** The Parquet files of one partition (hidden and staging files excluded). */
  private static List<Path> dataFiles(FileSystem fs, Path partition) throws IOException {
    if (!fs.exists(partition)) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    for (FileStatus f : fs.listStatus(partition)) {
      String name = f.getPath().getName();
      if (f.isFile() && name.endsWith(".parquet") && !name.startsWith(".")
          && !name.startsWith("_")) {
        files.add(f.getPath());
      }
    }
    return files;
  }

  /** Exactly these files, with the partition's {@code sweep} column, in the declared order. */
  private static Dataset<Row> readFiles(Store store, Table table, String sweep, List<Path> files) {
    StructType fileSchema = Store.fileSchema(table.schema());
    Dataset<Row> raw = store.spark().read().schema(fileSchema)
        .parquet(files.stream().map(Path::toString).toArray(String[]::new))
        .withColumn("sweep", functions.lit(sweep));
    return raw.select(Arrays.stream(table.schema().fieldNames()).map(functions::col)
        .toArray(Column[]::new));
  }

  /**
   * Removes the staging directories of every table of the store last modified longer ago than
   * {@code age}: those of commits killed half-way. A commit in flight (of this process or of a
   * concurrent writer) touches its directory seconds before renaming its files out, so an age of
   * minutes never removes a live one.
   *
   * @return how many directories were removed
   */
  public static int removeStaleStaging(Store store, Duration age) {
    FileSystem fs = store.fileSystem();
    try {
      if (!fs.exists(store.root())) {
        return 0;
      }
      int removed = 0;
      for (FileStatus table : fs.listStatus(store.root())) {
        if (table.isDirectory()) {
          removed += removeStaleStaging(fs, new Path(table.getPath(), Store.STAGING), age);
        }
      }
      return removed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean the staging directories of " + store.location()
          + ": " + e.getMessage(), e);
    }
  }

  private static int removeStaleStaging(FileSystem fs, Path staging, Duration age)
      throws IOException {
    if (!fs.exists(staging)) {
      return 0;
    }
    long cutoff = System.currentTimeMillis() - age.toMillis();
    int removed = 0;
    for (FileStatus dir : fs.listStatus(staging)) {
      if (dir.getModificationTime() < cutoff && fs.delete(dir.getPath(), true)) {
        removed++;
      }
    }
    return removed;
  }
}
