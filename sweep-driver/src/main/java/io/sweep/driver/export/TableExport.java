package io.sweep.driver.export;

import io.sweep.driver.UserError;
import io.sweep.driver.store.Store;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes one table of one sweep to one file: Spark writes the view's rows, coalesced to one
 * partition, into a hidden directory next to the target; its single part file is then renamed to
 * the target. The store is only read.
 */
public final class TableExport {
  private TableExport() {}

  /**
   * What was written.
   *
   * @param file  the file, fully qualified
   * @param bytes its size
   */
  public record Exported(String file, long bytes) {}

  /**
   * Exports the rows of {@code sweep} in {@code table} to {@code to}.
   *
   * @param force replace an existing file at {@code to}
   * @throws UserError for an unknown sweep, a bad extension, a target that exists (without
   *     {@code force}), is a directory, lies in the store or whose directory cannot be written
   */
  public static Exported export(Store store, String sweep, ExportTable table, String to, boolean force) {
    ExportFormat format = ExportFormat.of(to);
    store.requireSweep(sweep);
    try {
      FileSystem fs = new Path(to).getFileSystem(store.spark().sparkContext().hadoopConfiguration());
      Path target = fs.makeQualified(new Path(to));
      checkTarget(fs, target, to, store.location(), force);
      // Raw: the checksummed local file system would leave a .crc file next to the export.
      FileSystem files = fs instanceof LocalFileSystem local ? local.getRaw() : fs;
      Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
      try {
        if (!files.mkdirs(tmp)) {
          throw new IOException("mkdirs failed");
        }
      } catch (IOException e) {
        throw new UserError(UserError.field("to") + " " + to + ": cannot write to " + target.getParent() + ": " + e.getMessage(), e);
      }
      try {
        Dataset<Row> rows = table.view(store);
        // Timestamps as TIMESTAMP_MICROS in an exported Parquet file too (reading-the-store.md).
        Store.withMicrosTimestamps(store.spark(), () ->
            format.writer(rows.where(rows.col("sweep").equalTo(sweep)).coalesce(1))
                .mode(SaveMode.ErrorIfExists).save(new Path(tmp, "data").toString()));
        Path part = onePartFile(files, new Path(tmp, "data"), format);
        if (force && files.exists(target)) {
          files.delete(target, false);
        }
        if (!files.rename(part, target)) {
          throw new IOException("rename " + part + " -> " + target + " failed");
        }
      } finally {
        files.delete(tmp, true);
      }
      return new Exported(target.toString(), files.getFileStatus(target).getLen());
    } catch (IOException e) {
      throw new UserError(UserError.field("to") + " " + to + ": cannot write: " + e.getMessage(), e);
    }
  }

  private static void checkTarget(FileSystem fs, Path target, String to, String store, boolean force)
      throws IOException {
    if ((target + "/").startsWith(store + "/")) {
      throw new UserError(UserError.field("to") + " " + to + ": lies inside the store " + store + "; export to a file outside it");
    }
    if (fs.exists(target)) {
      if (fs.getFileStatus(target).isDirectory()) {
        throw new UserError(UserError.field("to") + " " + to + ": is a directory; give a file name");
      }
      if (!force) {
        throw new UserError(UserError.field("to") + " " + to + ": exists; give " + UserError.field("force") + " to overwrite it");
      }
    }
    Path parent = target.getParent();
    FileStatus dir;
    try {
      dir = fs.getFileStatus(parent);
    } catch (FileNotFoundException e) {
      throw new UserError(UserError.field("to") + " " + to + ": directory " + parent + " does not exist");
    }
    if (!dir.isDirectory()) {
      throw new UserError(UserError.field("to") + " " + to + ": " + parent + " is a file, not a directory");
    }
  }

  /** The one data file Spark wrote (coalesce(1) gives one task, hence one file). */
  private static Path onePartFile(FileSystem fs, Path dir, ExportFormat format) throws IOException {
    List<Path> parts = new ArrayList<>();
    for (FileStatus f : fs.listStatus(dir)) {
      if (format.isPartFile(f.getPath().getName())) {
        parts.add(f.getPath());
      }
    }
    if (parts.size() != 1) {
      throw new IllegalStateException("expected one part file in " + dir + ", found " + parts);
    }
    return parts.get(0);
  }
}
