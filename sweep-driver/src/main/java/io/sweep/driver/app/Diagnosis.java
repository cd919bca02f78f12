package io.sweep.driver.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sweep.driver.UserError;
import io.sweep.driver.config.ConfigLoader;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.data.DataSets;
import io.sweep.driver.exec.DiagnoseTask;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.driver.store.RunRows;
import io.sweep.driver.store.Store;
import io.sweep.driver.store.StoredNetwork;
import io.sweep.driver.store.Tables;
import io.sweep.worker.run.RunResult;
import io.sweep.worker.run.Runner;
import io.sweep.worker.spec.RunStatus;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;

/**
 * {@code diagnose}: the end-of-run diagnostics of a stored sweep's ok runs recomputed from their
 * stored weights, with today's code and the sweep's stored diagnostics settings overridden by
 * {@code diagnostics.KEY=VALUE} pairs, stored as a new version (the {@code diagnoses} table) that
 * the {@code runs} view shows. Nothing is trained: each run's spec is rebuilt from the sweep's
 * stored settings and its row's parameters (its id must come out the same), its data regenerated
 * (a Parquet data set re-read, same content hash) exactly as the run had it, and the
 * diagnostics computed on executors, one Spark task per batch of runs. All rows are committed at
 * once (one file per sweep, the store's commit protocol), so a crash stores nothing or all, and a
 * rerun stores a newer, identical version.
 */
public final class Diagnosis {

  /**
   * What a diagnosis did.
   *
   * @param diagnosed       runs re-diagnosed and stored
   * @param withoutWeights  ok runs skipped: no stored weights (before weights existed, or
   *                        {@code engine.store-weights = false})
   * @param notOk           diverged or failed runs (no diagnostics to recompute)
   * @param seconds         wall time of the whole diagnosis
   * @param diagnoseSeconds the sum of the runs' diagnostics times on the executors
   */
  public record Outcome(int diagnosed, int withoutWeights, int notOk, double seconds,
      double diagnoseSeconds) {}

  private Diagnosis() {}

  /**
   * Diagnoses the ok runs of {@code sweep} again.
   *
   * @param overrides {@code diagnostics.KEY=VALUE} or {@code sweep.diagnostics.KEY=VALUE}
   * @throws UserError for an unknown sweep, an override outside {@code diagnostics}, a bad value
   */
  public static Outcome run(Store store, String sweep, List<String> overrides) {
    long start = System.nanoTime();
    store.requireSweep(sweep);
    SweepSettings settings = DataSets.resolve(store.spark(), settings(store, sweep, overrides));
    Dataset<Row> runs = store.runs();
    List<Row> rows = runs.where(runs.col("sweep").equalTo(sweep)).collectAsList();
    List<Row> ok = rows.stream()
        .filter(r -> RunStatus.OK.label().equals(r.getString(r.fieldIndex("status")))).toList();
    Map<String, StoredNetwork> networks =
        store.networks(ok.stream().map(r -> r.getString(r.fieldIndex("run_id"))).toList());
    Map<String, List<Double>> losses = trajectoryLosses(store, sweep);
    List<DiagnoseTask.Job> jobs = new ArrayList<>();
    Map<String, Row> stored = new HashMap<>();
    Map<String, PlannedRun> planned = new HashMap<>();
    int withoutWeights = 0;
    for (Row r : ok) {
      String id = r.getString(r.fieldIndex("run_id"));
      StoredNetwork n = networks.get(id);
      if (n == null) {
        withoutWeights++;
        continue;
      }
      PlannedRun p = rebuild(settings, r);
      stored.put(id, r);
      planned.put(id, p);
      jobs.add(new DiagnoseTask.Job(p.spec(), n.parameters(p.spec().model()),
          r.getDouble(r.fieldIndex("train_loss")), losses.getOrDefault(id, List.of()),
          Runner.packed(r.getString(r.fieldIndex("trainer")))));
    }
    List<DiagnoseTask.Done> done = List.of();
    if (!jobs.isEmpty()) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(store.spark().sparkContext());
      int slices = Math.max(1, Math.min(jobs.size(), 2 * jsc.defaultParallelism()));
      done = jsc.parallelize(jobs, slices)
          .mapPartitions(new DiagnoseTask(settings.diagnostics(),
              DataSets.broadcast(store.spark(), settings)))
          .collect();
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<Row> out = new ArrayList<>(done.size());
    double diagnoseSeconds = 0;
    for (DiagnoseTask.Done d : done) {
      out.add(row(sweep, stored.get(d.runId()), planned.get(d.runId()), d, now));
      diagnoseSeconds += d.seconds();
    }
    store.appendDirect(Tables.DIAGNOSES, Tables.DIAGNOSES_SCHEMA, out);
    return new Outcome(out.size(), withoutWeights, rows.size() - ok.size(),
        (System.nanoTime() - start) / 1e9, diagnoseSeconds);
  }

  /**
   * The stored settings of the sweep with the overrides on top. Only diagnostics settings may be
   * overridden: anything else would describe other runs than those stored.
   */
  static SweepSettings settings(Store store, String sweep, List<String> overrides) {
    List<String> full = new ArrayList<>();
    for (String o : overrides) {
      int eq = o.indexOf('=');
      String key = (eq < 0 ? o : o.substring(0, eq)).trim();
      String path = key.startsWith("sweep.") ? key : "sweep." + key;
      if (eq < 0 || !path.startsWith("sweep.diagnostics.")) {
        throw new UserError(UserError.field("set") + " " + o + ": diagnose takes diagnostics"
            + " settings only (diagnostics.KEY=VALUE); the stored runs fix every other setting");
      }
      full.add(path + o.substring(eq));
    }
    List<Row> configs = store.read(Tables.SWEEP_LOG, Tables.SWEEP_LOG_SCHEMA)
        .where(functions.col("sweep").equalTo(sweep))
        .orderBy(functions.col("started_at").desc()).select("config").limit(1).collectAsList();
    if (configs.isEmpty()) {
      throw new UserError("sweep '" + sweep + "' has no record in the sweeps table of "
          + store.location());
    }
    Config stored = ConfigFactory.parseString(configs.get(0).getString(0)).atKey("sweep");
    Config withOverrides = ConfigLoader.load(null, full);
    for (String f : full) { // the overridden keys give way to the overrides
      stored = stored.withoutPath(f.substring(0, f.indexOf('=')).trim());
    }
    return SettingsParser.sweep(stored.withFallback(withOverrides).resolve(),
        "sweeps table of " + store.location());
  }

  /** The run of a stored row, rebuilt from the settings and the row's parameters. */
  private static PlannedRun rebuild(SweepSettings settings, Row r) {
    Map<Parameter, Object> values = new EnumMap<>(Parameter.class);
    for (Parameter p : Parameter.values()) {
      Object v = r.get(r.fieldIndex(p.column()));
      if (v != null) {
        values.put(p, v);
      }
    }
    PlannedRun p = GridExpander.variant(settings, values);
    String id = r.getString(r.fieldIndex("run_id"));
    if (!p.runId().equals(id)) {
      throw new UserError("run " + id + " of sweep " + settings.name() + " cannot be rebuilt from"
          + " the sweep's stored settings (they give run id " + p.runId() + ")");
    }
    return p;
  }

  /** The logged training losses of every run of the sweep, in step order. */
  private static Map<String, List<Double>> trajectoryLosses(Store store, String sweep) {
    Dataset<Row> t = store.trajectories();
    Map<String, List<Double>> out = new HashMap<>();
    for (Row r : t.where(t.col("sweep").equalTo(sweep))
        .groupBy("run_id")
        .agg(functions.sort_array(functions.collect_list(
            functions.struct(t.col("step"), t.col("train_loss")))).as("points"))
        .collectAsList()) {
      List<Double> losses = new ArrayList<>();
      for (Row point : r.<Row>getList(1)) {
        losses.add(point.isNullAt(1) ? Double.NaN : point.getDouble(1));
      }
      out.put(r.getString(0), losses);
    }
    return out;
  }

  /**
   * The {@code diagnoses} row of one run: the training columns as stored, every diagnostic
   * column from the new diagnostics, stamped {@code now}.
   */
  private static Row row(String sweep, Row stored, PlannedRun run, DiagnoseTask.Done d,
      Instant now) {
    RunResult result = new RunResult(run.runId(), RunStatus.OK, null,
        stored.getDouble(stored.fieldIndex("train_loss")),
        stored.getDouble(stored.fieldIndex("test_loss")), 0, 0, "cpu", d.seconds(),
        d.diagnostics(), List.of(), null);
    Row fresh = RunRows.of(sweep, run, result,
        new RunRows.Provenance(null, "cpu", null, "", now));
    String[] names = RunRows.RUNS.schema().fieldNames();
    Object[] cells = new Object[names.length + 1];
    for (int i = 0; i < names.length; i++) {
      cells[i] = RunRows.TRAINING_COLUMNS.contains(names[i])
          ? stored.get(stored.fieldIndex(names[i])) : fresh.get(i);
    }
    cells[names.length] = Timestamp.from(now);
    return RowFactory.create(cells);
  }
}
