package io.sweep.driver.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints query results as an aligned table, CSV (RFC 4180 with {@code \n} line ends) or JSON lines. */
final class TableOutput {
  /** Output formats of {@code sql}. */
  enum Format {
    table,
    csv,
    json
  }

  private TableOutput() {}

  /**
   * Prints at most {@code limit} rows of {@code df}.
   *
   * @return the number of rows printed, or {@code limit + 1} when {@code df} has more rows than
   *     were printed (one more row is fetched to tell)
   */
  static int print(Dataset<Row> df, Format format, int limit, PrintWriter out) {
    String[] columns = df.columns();
    int fetch = limit == Integer.MAX_VALUE ? limit : limit + 1;
    if (format == Format.json) {
      List<String> lines = df.toJSON().limit(fetch).collectAsList();
      lines.subList(0, Math.min(limit, lines.size())).forEach(out::println);
      out.flush();
      return lines.size();
    }
    List<Row> rows = df.limit(fetch).collectAsList();
    List<Row> shown = rows.subList(0, Math.min(limit, rows.size()));
    if (format == Format.csv) {
      printCsv(columns, shown, out);
    } else {
      printAligned(columns, shown, out);
    }
    return rows.size();
  }

  /** RFC 4180 quoting, but lines end in {@code \n}: CRLF leaves a {@code \r} in every last field of cut/awk pipelines. */
  static void printCsv(String[] columns, List<Row> rows, PrintWriter out) {
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader(columns).setRecordSeparator('\n').build();
    try {
      CSVPrinter csv = new CSVPrinter(out, format); // not closed: that would close the CLI's stdout
      for (Row r : rows) {
        List<Object> cells = new ArrayList<>(columns.length);
        for (int i = 0; i < columns.length; i++) {
          cells.add(r.isNullAt(i) ? "" : r.get(i));
        }
        csv.printRecord(cells);
      }
      csv.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void printAligned(String[] columns, List<Row> rows, PrintWriter out) {
    List<String[]> cells = new ArrayList<>();
    int[] width = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      width[i] = columns[i].length();
    }
    for (Row r : rows) {
      String[] line = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        line[i] = cell(r.isNullAt(i) ? null : r.get(i));
        width[i] = Math.max(width[i], line[i].length());
      }
      cells.add(line);
    }
    out.println(line(columns, width));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < columns.length; i++) {
      rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
    }
    out.println(rule);
    for (String[] l : cells) {
      out.println(line(l, width));
    }
    out.flush();
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append("  ");
      }
      String c = cells[i];
      sb.append(c).append(" ".repeat(width[i] - c.length()));
    }
    return sb.toString().stripTrailing();
  }

  /** Doubles to 6 significant digits; long strings (config text, errors) cut at 80 characters. */
  static String cell(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        return d.toString();
      }
      String s = String.format(Locale.ROOT, "%.6g", d);
      if (s.contains("e") || s.contains("E")) {
        return s;
      }
      return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
    String s = String.valueOf(v).replace('\n', ' ');
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
