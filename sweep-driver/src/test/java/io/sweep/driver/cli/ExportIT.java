package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweep.driver.CliRun;
import io.sweep.driver.ParquetFooters;
import io.sweep.driver.TestSpark;
import io.sweep.driver.TestStore;
import io.sweep.driver.TestSweeps;
import io.sweep.driver.store.Tables;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} through the CLI on a tiny real sweep whose store holds a run committed twice (a
 * copied file, as two racing invocations leave): every format has the view's rows, each run once,
 * with the values {@code sql} shows; and {@code sql} says how many rows it did not print.
 */
class ExportIT {
  @TempDir static Path dir;
  static SparkSession spark;
  static Row sample; // run_id and train_loss of one run, as sql reads them

  @BeforeAll
  static void aSweepWithADuplicatedCommit() throws IOException {
    spark = TestSpark.session();
    assertEquals(0, cli("run", TestSweeps.write(dir, "tiny.conf", TestSweeps.tiny("exp")).toString(), "--quiet").code());
    for (String table : List.of("runs", "trajectories")) {
      Path partition = dir.resolve("store").resolve(table).resolve("sweep=exp");
      try (Stream<Path> files = Files.list(partition)) {
        Path file = files.filter(f -> f.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
        Files.copy(file, partition.resolve("copy-" + file.getFileName()));
      }
    }
    assertTrue(spark.read().parquet(dir.resolve("store/runs").toString()).count() > 8, "raw runs hold a copy");
    Files.createDirectories(dir.resolve("out"));
    sample = query("SELECT run_id, train_loss FROM runs WHERE sweep = 'exp' ORDER BY run_id LIMIT 1").get(0);
  }

  static CliRun cli(String verb, String... more) {
    return TestStore.in(dir).cli(verb, more);
  }

  private static List<Row> query(String sql) {
    return TestStore.in(dir).rows(sql);
  }

  private static Path export(String table, String file) {
    Path to = dir.resolve("out").resolve(file);
    CliRun r = cli("export", "--sweep", "exp", "--table", table, "--to", to.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("exported " + table + " of sweep exp to file:" + to, r.out().substring(0, r.out().indexOf(" (")));
    return to;
  }

  @Test
  void runsToParquetHoldEachRunOnceWithTheValuesOfSql() {
    Path file = export("runs", "runs.parquet");
    assertEquals(8L, query("SELECT count(*) FROM runs WHERE sweep = 'exp'").get(0).getLong(0));
    Row r = spark.read().parquet(file.toString()).selectExpr("count(*)", "count(DISTINCT run_id)",
        "max_by(train_loss, run_id = '" + sample.getString(0) + "')").first();
    assertEquals(8L, r.getLong(0));
    assertEquals(8L, r.getLong(1));
    assertEquals(sample.getDouble(1), r.getDouble(2));
    // the runs view: the runs columns, then diagnosed_at
    assertEquals(List.of(Tables.DIAGNOSES_SCHEMA.fieldNames()),
        List.of(spark.read().parquet(file.toString()).columns()), "the view's columns, in order");
    // Timestamps as the store writes them: TIMESTAMP(MICROS, UTC), not INT96.
    String finishedAt = ParquetFooters.schema(file).getType("finished_at").toString();
    assertTrue(finishedAt.contains("int64") && finishedAt.contains("TIMESTAMP(MICROS,true)"),
        finishedAt);
  }

  @Test
  void runsToCsvHaveAHeaderNewlineLineEndsAndTheValuesOfSql() throws IOException {
    String text = Files.readString(export("runs", "runs.csv"));
    assertFalse(text.contains("\r"), "no CRLF");
    assertTrue(text.endsWith("\n"));
    List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
        .parse(new StringReader(text)).getRecords();
    assertEquals(8, records.size());
    assertEquals(List.of(Tables.DIAGNOSES_SCHEMA.fieldNames()), records.get(0).getParser().getHeaderNames());
    assertEquals(8, records.stream().map(c -> c.get("run_id")).distinct().count());
    CSVRecord one = records.stream().filter(c -> c.get("run_id").equals(sample.getString(0))).findFirst().orElseThrow();
    assertEquals(sample.getDouble(1), Double.parseDouble(one.get("train_loss")));
    assertEquals("exp", one.get("sweep"));
  }

  @Test
  void runsToJsonLinesHaveEveryColumnOnEveryLineAndTheValuesOfSql() throws IOException {
    List<String> lines = Files.readAllLines(export("runs", "runs.jsonl"));
    assertEquals(8, lines.size());
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      JsonNode row = json.readTree(line);
      assertEquals(Tables.DIAGNOSES_SCHEMA.fieldNames().length, row.size(), "nulls kept: " + line);
      if (row.get("run_id").asText().equals(sample.getString(0))) {
        assertEquals(sample.getDouble(1), row.get("train_loss").asDouble());
      }
    }
    assertEquals(8, lines.stream().map(l -> l.replaceAll(".*\"run_id\":\"([0-9a-f]+)\".*", "$1")).distinct().count());
  }

  @Test
  void trajectoriesAreDeduplicatedLikeTheirView() {
    Path file = export("trajectories", "trajectories.parquet");
    long view = query("SELECT count(*) FROM trajectories WHERE sweep = 'exp'").get(0).getLong(0);
    assertEquals(8L * 4, view, "8 runs logged at steps 0, 20, 40, 60");
    assertEquals(view, spark.read().parquet(file.toString()).count());
  }

  @Test
  void weightsToJsonLinesHoldEveryTensorOfTheViewWithItsShape() throws IOException {
    List<String> lines = Files.readAllLines(export("weights", "weights.jsonl"));
    long view = query("SELECT count(*) FROM weights WHERE sweep = 'exp'").get(0).getLong(0);
    assertEquals(8L * 2, view, "8 runs × (hidden weight, output weight): the tiny sweep has no biases");
    assertEquals(view, lines.size());
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      JsonNode row = json.readTree(line);
      long size = 1;
      for (JsonNode d : row.get("shape")) {
        size *= d.asLong();
      }
      assertEquals(size, row.get("values").size(), "row-major values of the stated shape: " + line);
    }
    double stored = query("SELECT values[0] FROM weights WHERE sweep = 'exp' AND run_id = '"
        + sample.getString(0) + "' AND layer = 1 AND tensor = 'weight'").get(0).getDouble(0);
    assertTrue(lines.stream().anyMatch(l -> l.contains(sample.getString(0)) && l.contains("\"layer\":1,")
        && l.contains("\"tensor\":\"weight\"") && l.contains("\"values\":[" + stored)), "the values sql reads");
  }

  @Test
  void thresholdsToCsvWriteTheirMapAsJsonAndAnEmptyTableIsAHeader() throws IOException {
    assertEquals(0, cli("threshold", "--sweep", "exp", "--axis", "lr").code());
    List<String> lines = Files.readAllLines(export("thresholds", "thresholds.csv"));
    long cells = query("SELECT count(*) FROM thresholds WHERE sweep = 'exp'").get(0).getLong(0);
    assertEquals(2, cells, "one per batch size");
    assertEquals(1 + cells, lines.size(), lines.toString());
    assertTrue(lines.get(1).contains("\"{\"\"batch_size\"\":"), lines.get(1));
    List<String> phases = Files.readAllLines(export("phases", "phases.csv"));
    assertEquals(1, phases.size(), "no diagram drawn yet: " + phases);
    assertTrue(phases.get(0).startsWith("sweep,diagram,"), phases.get(0));
  }

  @Test
  void anExistingFileIsReplacedOnlyWithForceAndNothingElseIsLeftNextToIt() throws IOException {
    Path file = dir.resolve("again").resolve("runs.jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "keep me\n");
    CliRun refused = cli("export", "--sweep", "exp", "--table", "runs", "--to", file.toString());
    assertEquals(2, refused.code());
    assertEquals("error: --to " + file + ": exists; give --force to overwrite it\n", refused.err());
    assertEquals("keep me\n", Files.readString(file));
    CliRun forced = cli("export", "--sweep", "exp", "--table", "runs", "--to", file.toString(), "--force");
    assertEquals(0, forced.code(), forced.err());
    assertEquals(8, Files.readAllLines(file).size());
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList(), "no .crc, no temporary directory");
    }
  }

  @Test
  void sqlStatesTheTotalWhenItCutsTheOutputAndPointsToExport() {
    CliRun r = cli("sql", "SELECT run_id FROM runs ORDER BY run_id", "--limit", "3", "--format", "csv");
    assertEquals(0, r.code(), r.err());
    assertEquals(1 + 3, r.out().split("\n").length, r.out());
    assertFalse(r.out().contains("\r"));
    assertEquals(SqlCommand.truncated(3, 8) + "\n", r.err());
    assertTrue(r.err().startsWith("(printed the first 3 of 8 rows: raise --limit, or write a whole table to a file "
        + "with bin/sweep export"), r.err());
    CliRun all = cli("sql", "SELECT count(*) AS n FROM runs", "--format", "csv");
    assertEquals("n\n8\n", all.out());
    assertEquals("", all.err());
  }
}
