package io.sweep.driver.export;

import io.sweep.driver.UserError;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The file formats of {@code export}, chosen by the file's extension, and how Spark writes each. */
public enum ExportFormat {
  PARQUET(".parquet"),
  CSV(".csv"),
  JSONL(".jsonl");

  private final String extension;

  ExportFormat(String extension) {
    this.extension = extension;
  }

  /**
   * The format of a file named {@code path}.
   *
   * @throws UserError for any other extension
   */
  public static ExportFormat of(String path) {
    for (ExportFormat f : values()) {
      if (path.endsWith(f.extension) && path.length() > f.extension.length()) {
        return f;
      }
    }
    throw new UserError(UserError.field("to") + " " + path + ": give a file ending in .parquet, .csv or .jsonl");
  }

  /** Spark's writer of this format for {@code rows}. */
  DataFrameWriter<Row> writer(Dataset<Row> rows) {
    return switch (this) {
      case PARQUET -> rows.write().format("parquet");
      // RFC 4180 quoting (a quote doubled, not Spark's default backslash), "\n" line ends, a header.
      case CSV -> flattened(rows).write().format("csv").option("header", "true").option("lineSep", "\n")
          .option("quote", "\"").option("escape", "\"");
      // Every column on every line, nulls included, so readers see one schema.
      case JSONL -> rows.write().format("json").option("lineSep", "\n").option("ignoreNullFields", "false");
    };
  }

  /** Whether {@code name} is a part file this format's writer produces. */
  boolean isPartFile(String name) {
    String suffix = this == JSONL ? ".json" : extension;
    return name.startsWith("part-") && name.endsWith(suffix);
  }

  /** CSV has no nested values: maps, arrays and structs (thresholds' cell_values) become JSON text. */
  private static Dataset<Row> flattened(Dataset<Row> rows) {
    StructType schema = rows.schema();
    Column[] columns = Arrays.stream(schema.fields()).map(ExportFormat::flat).toArray(Column[]::new);
    return rows.select(columns);
  }

  private static Column flat(StructField f) {
    boolean nested = f.dataType() instanceof MapType || f.dataType() instanceof ArrayType
        || f.dataType() instanceof StructType;
    return nested ? functions.to_json(functions.col(f.name())).as(f.name()) : functions.col(f.name());
  }
}
