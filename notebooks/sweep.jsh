// Helpers shared by the notebooks; each notebook loads this with `%load sweep.jsh` (the kernel
// runs in the notebook's folder). JShell script: imports and top-level methods, nothing else.
// Notebooks load this first, before declaring variables, and put their own imports right after:
// an import that comes after a variable can make JShell re-declare earlier snippets, which
// resets variables to null (seen with io.sweep.driver.phase.* and with a static import of
// org.apache.spark.sql.functions.*; use functions.col(...) instead of the latter).
// Uses sweep's public API only: the application layer (Sweeps), SparkSessions, Store,
// StoreViews, the phase package.

import io.sweep.driver.app.Logging;
import io.sweep.driver.app.Sweeps;
import io.sweep.driver.config.ConfigLoader;
import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.exec.SparkSessions;
import io.sweep.driver.phase.*;
import io.sweep.driver.store.Store;
import io.sweep.driver.store.Tables;
import io.sweep.driver.views.StoreViews;
import java.awt.image.RenderedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Opens a store with its SQL views (runs, trajectories, sweeps) registered. With {@code location}
 * null or blank there is no store yet: {@code tinySweep} (a sweep file) runs first, in this JVM,
 * into a new temporary store that is deleted when the kernel shuts down. {@code overrides} are
 * --set KEY=VALUE pairs for that run.
 */
Store openStore(String location, String tinySweep, String... overrides) throws Exception {
  if (location == null || location.isBlank()) {
    Path dir = Files.createTempDirectory("sweep-notebook-");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
    location = dir.resolve("store").toString();
    System.out.println("no store given: running " + tinySweep + " into " + location);
    SettingsParser.Settings parsed =
        SettingsParser.all(ConfigLoader.load(Path.of(tinySweep), List.of(overrides)), tinySweep);
    EngineSettings engine = parsed.engine().withStore(location);
    Logging.toFile(engine.logDir());
    Sweeps sweeps = Sweeps.open(SparkSessions.start(engine, null), engine);
    var outcome = sweeps.run(sweeps.prepare(parsed.sweep(), null), n -> {});
    System.out.println("ran " + outcome.ran() + " runs in " + Math.round(outcome.seconds()) + " s");
  }
  // The session of the run above when there was one; else a new one from conf/application.conf.
  SparkSession spark = SparkSessions.start(SettingsParser.engine(ConfigLoader.load(null, List.of())), null);
  Store store = Store.open(spark, location);
  StoreViews.register(store);
  return store;
}

void deleteTree(Path dir) {
  try (var paths = Files.walk(dir)) {
    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
  } catch (IOException e) {
    System.err.println("could not delete " + dir + ": " + e.getMessage());
  }
}

/**
 * The sweep to show: {@code name} when given, else the newest sweep in the store whose runs take
 * more than one value on every column of {@code axes}.
 */
String chooseSweep(SparkSession spark, String name, String... axes) {
  if (name != null && !name.isBlank()) {
    return name;
  }
  String varies = Arrays.stream(axes).map(a -> "count(DISTINCT " + a + ") > 1")
      .collect(Collectors.joining(" AND "));
  List<Row> found = spark.sql("SELECT sweep, max(finished_at) AS last FROM runs GROUP BY sweep"
      + (varies.isEmpty() ? "" : " HAVING " + varies) + " ORDER BY last DESC LIMIT 1")
      .collectAsList();
  if (found.isEmpty()) {
    throw new IllegalStateException("no sweep in the store varies " + String.join(", ", axes)
        + "; set SWEEP_NAME (or sweepName in the first cell)");
  }
  return found.get(0).getString(0);
}

String escapeHtml(Object o) {
  return String.valueOf(o).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
}

String formatCell(Object v) {
  if (v == null) {
    return "<i>null</i>";
  }
  if (v instanceof Double || v instanceof Float) {
    double d = ((Number) v).doubleValue();
    if (d == 0 || !Double.isFinite(d)) {
      return d == 0 ? "0" : String.valueOf(d);
    }
    double a = Math.abs(d);
    return a >= 1e-4 && a < 1e7 // four significant digits, no exponent, no trailing zeros
        ? new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString()
        : String.format(Locale.ROOT, "%.3e", d);
  }
  String s = String.valueOf(v);
  return escapeHtml(s.length() > 80 ? s.substring(0, 77) + "..." : s);
}

/** Shows up to 50 rows of a data set as an HTML table. */
void table(Dataset<Row> rows) {
  htmlTable(rows, 50);
}

/** Shows the first {@code maxRows} rows of a data set as an HTML table. */
void table(Dataset<Row> rows, int maxRows) {
  htmlTable(rows, maxRows);
}

// (Neither table method calls the other: JShell leaves an overload that calls its sibling
// unresolved.)
void htmlTable(Dataset<Row> rows, int maxRows) {
  String[] columns = rows.columns();
  List<Row> head = rows.limit(maxRows + 1).collectAsList();
  StringBuilder html = new StringBuilder("<table><thead><tr>");
  for (String c : columns) {
    html.append("<th>").append(escapeHtml(c)).append("</th>");
  }
  html.append("</tr></thead><tbody>");
  for (Row r : head.subList(0, Math.min(maxRows, head.size()))) {
    html.append("<tr>");
    for (int i = 0; i < columns.length; i++) {
      Object v = r.get(i);
      String align = v instanceof Number ? "right" : "left";
      html.append("<td style=\"text-align:").append(align).append("\">").append(formatCell(v)).append("</td>");
    }
    html.append("</tr>");
  }
  html.append("</tbody></table>");
  html.append("<p><small>").append(head.size() > maxRows ? "first " + maxRows + " rows"
      : head.size() == 1 ? "1 row" : head.size() + " rows")
      .append("</small></p>");
  display("text/html", html.toString());
}

/** Shows an image (a chart or a heatmap) in the cell's output. */
void show(RenderedImage image) {
  display("image/png", image);
}

/** Shows an HTML fragment in the cell's output. */
void html(String fragment) {
  display("text/html", fragment);
}
