package io.sweep.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * A store's Parquet files as an outside reader sees them: the files a reader should read
 * (docs/reading-the-store.md) and their schemas, read with parquet-java's own reader, no Spark.
 */
public final class ParquetFooters {
  private ParquetFooters() {}

  /**
   * The data files of a table directory: {@code *.parquet} under {@code sweep=NAME/}, skipping
   * anything under a directory whose name starts with {@code _} or {@code .} (staging).
   */
  public static List<Path> dataFiles(Path tableDir) {
    try (Stream<Path> walk = Files.walk(tableDir)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> {
            for (Path part : tableDir.relativize(p)) {
              String n = part.toString();
              if (n.startsWith("_") || n.startsWith(".")) {
                return false;
              }
            }
            return true;
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema in the footer of one Parquet file. */
  public static MessageType schema(Path file) {
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
      return reader.getFooter().getFileMetaData().getSchema();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The number of rows of one Parquet file, from its footer. */
  public static long rowCount(Path file) {
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
      return reader.getRecordCount();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
