package io.sweep.driver.data;

import io.sweep.driver.config.ConfigProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One Parquet data set (a file, or a directory of files with one schema) read on the driver: its
 * feature and label columns, validated and converted, rows in a deterministic order (by file, then
 * row within the file). Every problem becomes a {@link ConfigProblem} at the sweep file's key,
 * naming the data file and the column; nothing is thrown for bad data.
 *
 * @param rows   N, ≥ 1 when there are no problems
 * @param d      features per row
 * @param x      features, N × d row-major
 * @param y      labels, N × k row-major (k label columns); null for a class column
 * @param labels the class of each row (one-hot), or null
 * @param name   the data set's path as given, for messages
 */
record ParquetTable(int rows, int d, double[] x, double[] y, Object[] labels, String name) {

  /** Where in the sweep file the columns were named, for located problems. */
  record Keys(String pathKey, String pathWhere, String featuresKey, String featuresWhere,
      String labelKey, String labelWhere) {}

  private static final String FILE = "_sweep_file";
  private static final String ROW = "_sweep_row";

  /**
   * Reads {@code path}, or records why it cannot be used and returns null.
   *
   * @param oneHot whether the one label column holds classes (any numeric or string column)
   */
  static ParquetTable read(SparkSession spark, String path, List<String> features,
      List<String> label, boolean oneHot, Keys keys, List<ConfigProblem> problems) {
    int before = problems.size();
    Dataset<Row> df = open(spark, path, keys, problems);
    if (df == null) {
      return null;
    }
    String[] files = df.inputFiles();
    Arrays.sort(files);
    if (files.length > 1) {
      sameSchema(spark, path, files, keys, problems);
      if (problems.size() > before) {
        return null;
      }
    }
    StructType schema = df.schema();
    boolean arrayFeature = false;
    for (String c : features) {
      DataType t = type(schema, c);
      if (t == null) {
        problems.add(missing(path, c, schema, keys.featuresKey(), keys.featuresWhere()));
      } else if (t instanceof ArrayType a && a.elementType() instanceof NumericType) {
        arrayFeature = true;
        if (features.size() > 1) {
          problems.add(new ConfigProblem(keys.featuresWhere(), keys.featuresKey(), "column '" + c
              + "' of " + path + " is an array (" + t.simpleString() + "): an array column must be"
              + " the only feature"));
        }
      } else if (!(t instanceof NumericType)) {
        problems.add(new ConfigProblem(keys.featuresWhere(), keys.featuresKey(), "column '" + c
            + "' of " + path + " is " + t.simpleString() + ", not numeric: a feature is a number "
            + "(or one array of numbers)"));
      }
    }
    for (String c : label) {
      DataType t = type(schema, c);
      if (t == null) {
        problems.add(missing(path, c, schema, keys.labelKey(), keys.labelWhere()));
      } else if (oneHot ? !(t instanceof NumericType || t instanceof StringType)
          : !(t instanceof NumericType)) {
        problems.add(new ConfigProblem(keys.labelWhere(), keys.labelKey(), "column '" + c + "' of "
            + path + " is " + t.simpleString() + ", not numeric" + (oneHot
                ? " or text: a class column holds numbers or strings"
                : (t instanceof StringType ? "; a column of class names needs data.one-hot = true"
                    : ""))));
      }
    }
    if (problems.size() > before) {
      return null;
    }
    List<Column> cols = new ArrayList<>();
    for (String c : features) {
      cols.add(df.col(quote(c)));
    }
    for (String c : label) {
      cols.add(df.col(quote(c)));
    }
    cols.add(functions.col("_metadata.file_path").as(FILE));
    cols.add(functions.col("_metadata.row_index").as(ROW));
    List<Row> rows;
    try {
      rows = new ArrayList<>(df.select(cols.toArray(Column[]::new)).collectAsList());
    } catch (Exception e) { // a corrupt file: SparkException, checked, thrown undeclared
      problems.add(new ConfigProblem(keys.pathWhere(), keys.pathKey(),
          path + " cannot be read as Parquet: " + firstLine(e)));
      return null;
    }
    int fileAt = features.size() + label.size();
    rows.sort(Comparator.comparing((Row r) -> r.getString(fileAt))
        .thenComparingLong(r -> r.getLong(fileAt + 1)));
    int n = rows.size();
    if (n == 0) {
      problems.add(new ConfigProblem(keys.pathWhere(), keys.pathKey(),
          path + " has no rows (" + files.length + (files.length == 1 ? " file" : " files")
              + " with columns " + columnList(schema) + ")"));
      return null;
    }
    int d;
    double[] x;
    if (arrayFeature) {
      d = arrayLength(rows, path, features.get(0), fileAt, keys, problems);
      if (d < 1) {
        return null;
      }
      x = new double[Math.multiplyExact(n, d)];
      Bad bad = new Bad();
      for (int i = 0; i < n; i++) {
        List<Object> v = rows.get(i).getList(0);
        for (int j = 0; j < d; j++) {
          Object e = v.get(j);
          x[i * d + j] = bad.check(e, rows.get(i), fileAt);
        }
      }
      bad.report(path, features.get(0), keys.featuresKey(), keys.featuresWhere(), problems);
    } else {
      d = features.size();
      x = new double[Math.multiplyExact(n, d)];
      for (int j = 0; j < d; j++) {
        Bad bad = new Bad();
        for (int i = 0; i < n; i++) {
          x[i * d + j] = bad.check(rows.get(i).get(j), rows.get(i), fileAt);
        }
        bad.report(path, features.get(j), keys.featuresKey(), keys.featuresWhere(), problems);
      }
    }
    double[] y = null;
    Object[] classes = null;
    if (oneHot) {
      classes = new Object[n];
      Bad bad = new Bad();
      for (int i = 0; i < n; i++) {
        Object v = rows.get(i).get(features.size());
        if (v == null || v instanceof Number num && !Double.isFinite(num.doubleValue())) {
          bad.note(v, rows.get(i), fileAt);
        }
        classes[i] = v instanceof Number num ? (Object) num.doubleValue() : v;
      }
      bad.report(path, label.get(0), keys.labelKey(), keys.labelWhere(), problems);
    } else {
      int k = label.size();
      y = new double[Math.multiplyExact(n, k)];
      for (int c = 0; c < k; c++) {
        Bad bad = new Bad();
        for (int i = 0; i < n; i++) {
          y[i * k + c] = bad.check(rows.get(i).get(features.size() + c), rows.get(i), fileAt);
        }
        bad.report(path, label.get(c), keys.labelKey(), keys.labelWhere(), problems);
      }
    }
    return problems.size() > before ? null : new ParquetTable(n, d, x, y, classes, path);
  }

  /** The data set as a Spark table, or null with a problem when it is missing or unreadable. */
  private static Dataset<Row> open(
      SparkSession spark, String path, Keys keys, List<ConfigProblem> problems) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        problems.add(new ConfigProblem(keys.pathWhere(), keys.pathKey(),
            "no such file or directory: " + fs.makeQualified(p)));
        return null;
      }
      FileStatus status = fs.getFileStatus(p);
      if (status.isFile() && status.getLen() == 0) {
        problems.add(new ConfigProblem(keys.pathWhere(), keys.pathKey(),
            path + " is an empty file (0 bytes), not a Parquet file"));
        return null;
      }
    } catch (java.io.IOException | RuntimeException e) {
      problems.add(new ConfigProblem(keys.pathWhere(), keys.pathKey(),
          "cannot open " + path + ": " + firstLine(e)));
      return null;
    }
    try {
      Dataset<Row> df = spark.read().parquet(path);
      df.schema();
      return df;
    } catch (Exception e) { // AnalysisException, SparkException (checked, thrown undeclared)
      problems.add(new ConfigProblem(keys.pathWhere(), keys.pathKey(),
          path + " cannot be read as Parquet: " + firstLine(e)));
      return null;
    }
  }

  /** A directory whose files disagree on the columns is refused, naming two files and a column. */
  private static void sameSchema(SparkSession spark, String path, String[] files, Keys keys,
      List<ConfigProblem> problems) {
    StructType first = null;
    for (String f : files) {
      StructType s;
      try {
        s = spark.read().parquet(f).schema();
      } catch (Exception e) { // SparkException: checked, thrown undeclared
        problems.add(new ConfigProblem(keys.pathWhere(), keys.pathKey(), "file " + f + " of "
            + path + " cannot be read as Parquet: " + firstLine(e)));
        return;
      }
      if (first == null) {
        first = s;
        continue;
      }
      String diff = difference(first, s);
      if (diff != null) {
        problems.add(new ConfigProblem(keys.pathWhere(), keys.pathKey(), path
            + " is a directory of mixed schemas: " + diff + " in " + f + " (compared with "
            + files[0] + "); every file of a data set must have the same columns and types"));
        return;
      }
    }
  }

  /** The first column on which two schemas differ, in words; null when they agree. */
  private static String difference(StructType a, StructType b) {
    for (StructField f : a.fields()) {
      DataType t = type(b, f.name());
      if (t == null) {
        return "column '" + f.name() + "' is missing";
      }
      if (!t.sameType(f.dataType())) {
        return "column '" + f.name() + "' is " + t.simpleString() + ", not "
            + f.dataType().simpleString();
      }
    }
    for (StructField f : b.fields()) {
      if (type(a, f.name()) == null) {
        return "column '" + f.name() + "' is extra";
      }
    }
    return null;
  }

  /** The common length of an array feature, or 0 with a problem. */
  private static int arrayLength(List<Row> rows, String path, String column, int fileAt, Keys keys,
      List<ConfigProblem> problems) {
    int d = -1;
    for (Row r : rows) {
      List<Object> v = r.isNullAt(0) ? null : r.getList(0);
      int len = v == null ? -1 : v.size();
      if (v == null || len == 0 || (d >= 0 && len != d)) {
        problems.add(new ConfigProblem(keys.featuresWhere(), keys.featuresKey(), "column '" + column
            + "' of " + path + ": " + (v == null ? "null" : len == 0 ? "an empty array"
                : "an array of " + len + " values where earlier rows have " + d) + " in row "
            + r.getLong(fileAt + 1) + " of " + r.getString(fileAt)
            + "; every row needs the same number of features"));
        return 0;
      }
      d = len;
    }
    return d;
  }

  /** Counts the unusable values of one column (null, NaN, ±Inf) and remembers the first. */
  private static final class Bad {
    long nulls;
    long nonFinite;
    String first;

    double check(Object v, Row row, int fileAt) {
      if (v == null) {
        note(null, row, fileAt);
        return Double.NaN;
      }
      double d = ((Number) v).doubleValue();
      if (!Double.isFinite(d)) {
        note(v, row, fileAt);
      }
      return d;
    }

    void note(Object v, Row row, int fileAt) {
      if (v == null) {
        nulls++;
      } else {
        nonFinite++;
      }
      if (first == null) {
        first = "row " + row.getLong(fileAt + 1) + " of " + row.getString(fileAt) + " (" + v + ")";
      }
    }

    void report(String path, String column, String key, String where,
        List<ConfigProblem> problems) {
      if (first == null) {
        return;
      }
      List<String> what = new ArrayList<>();
      if (nonFinite > 0) {
        what.add(nonFinite + " NaN or infinite " + (nonFinite == 1 ? "value" : "values"));
      }
      if (nulls > 0) {
        what.add(nulls + " null " + (nulls == 1 ? "value" : "values"));
      }
      problems.add(new ConfigProblem(where, key, "column '" + column + "' of " + path + " has "
          + String.join(" and ", what) + ", the first in " + first
          + " (rows counted from 0); every value must be a finite number"));
    }
  }

  private static ConfigProblem missing(
      String path, String column, StructType schema, String key, String where) {
    return new ConfigProblem(where, key, "no column '" + column + "' in " + path + "; its columns: "
        + columnList(schema));
  }

  private static String columnList(StructType schema) {
    return Arrays.stream(schema.fields()).map(f -> f.name() + " " + f.dataType().simpleString())
        .collect(Collectors.joining(", "));
  }

  private static DataType type(StructType schema, String column) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(column)) {
        return f.dataType();
      }
    }
    return null;
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).trim().toLowerCase(Locale.ROOT).isEmpty()
        ? e.getClass().getSimpleName() : (nl < 0 ? m : m.substring(0, nl)).trim();
  }
}
