package io.sweep.driver.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sweep.driver.UserError;
import io.sweep.driver.config.ConfigLoader;
import io.sweep.driver.config.EngineSettings;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.SettingsParser;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.data.DataSets;
import io.sweep.driver.exec.SweepProgress;
import io.sweep.driver.exec.SweepRunner;
import io.sweep.driver.phase.Aggregation;
import io.sweep.driver.phase.AxisScale;
import io.sweep.driver.phase.PhaseDiagrams;
import io.sweep.driver.phase.PhaseTables;
import io.sweep.driver.phase.SweepRows;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.driver.plan.SweepPlan;
import io.sweep.driver.refine.RefineSettings;
import io.sweep.driver.refine.StoreBackend;
import io.sweep.driver.store.Compaction;
import io.sweep.driver.store.Store;
import io.sweep.driver.store.StoredSweepCheck;
import io.sweep.driver.store.SweepLog;
import io.sweep.driver.views.StoreViews;
import io.sweep.worker.spec.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The sweep lifecycle against one store, as one API for the CLI, the notebooks and the tests:
 * plan a sweep file against what is stored (resume, conflict check, versioning), run it (sweep
 * log, a stream of packs, commits as they finish), read a stored sweep's settings back, and refine a boundary.
 *
 * <p>Errors are {@link UserError}s that name settings and request fields, never command-line
 * flags: mapping those is the CLI's business.
 */
public final class Sweeps {
  private final Store store;
  private final EngineSettings engine;

  private Sweeps(Store store, EngineSettings engine) {
    this.store = store;
    this.engine = engine;
  }

  /** The store of {@code engine} in the given session (created when missing). */
  public static Sweeps open(SparkSession spark, EngineSettings engine) {
    return new Sweeps(Store.open(spark, engine.store()), engine);
  }

  /** The store this works on. */
  public Store store() {
    return store;
  }

  /**
   * Plans a sweep against the store: the planned runs and those not stored yet.
   *
   * <p>When the store already holds runs of the sweep's name with other fixed settings, the file
   * means another experiment: with {@code asVersion} null that is a {@link SweepConflict};
   * otherwise the file runs under the first free name {@code NAME.vK} (K ≥ 2), read again through
   * {@code asVersion} (which re-reads the same file under a given name, so the stored settings
   * text carries the new name too).
   */
  public Launch prepare(SweepSettings file, Function<String, SweepSettings> asVersion) {
    SweepSettings settings = DataSets.resolve(store.spark(), file); // parquet: read the data set
    List<String> conflicts = StoredSweepCheck.conflicts(settings, store);
    SweepSettings toRun = settings;
    if (!conflicts.isEmpty()) {
      if (asVersion == null) {
        throw new SweepConflict(settings.name(), store.location(), conflicts);
      }
      toRun = DataSets.resolve(store.spark(), asVersion.apply(nextVersion(settings.name())));
    }
    // model.init-from: the stored weights, read once here and shipped inside the specs
    SweepPlan plan = io.sweep.driver.store.WarmStarts.resolve(store, GridExpander.expand(toRun));
    List<PlannedRun> pending = plan.pending(store.runIds(plan.name()));
    return new Launch(plan, pending, plan.runs().size() - pending.size(), conflicts);
  }

  /**
   * Trains and commits the pending runs of a launch, recorded in the sweep log as one invocation
   * (ended "finished", or "failed" when an exception escapes).
   *
   * @param onRunsDone progress, runs finished (called from the driver thread)
   */
  public Outcome run(Launch launch, IntConsumer onRunsDone) {
    return runLive(launch, SweepProgress.of(onRunsDone));
  }

  /**
   * Trains and commits the pending runs of a launch ({@link #run(Launch, IntConsumer)}) with a
   * live view: runs, replica-steps and commits as they happen. First removes the staging
   * directories that killed commits left in the store more than {@link #STALE_STAGING} ago.
   */
  public Outcome runLive(Launch launch, SweepProgress progress) {
    int removed = Compaction.removeStaleStaging(store, STALE_STAGING);
    if (removed > 0) {
      LOG.info("removed {} staging directories abandoned by killed commits in {}", removed,
          store.location());
    }
    SweepLog log = SweepLog.start(store, launch.plan(), launch.pending().size());
    SweepRunner runner = runner();
    long start = System.nanoTime();
    Map<RunStatus, Integer> counts;
    try {
      counts = runner.run(launch.plan(), launch.pending(), progress);
    } catch (RuntimeException e) {
      log.end("failed");
      throw e;
    }
    log.end("finished");
    return new Outcome(counts, launch.pending().size(), (System.nanoTime() - start) / 1e9);
  }

  /**
   * Compacts one sweep's files in every table that piles them up (runs, trajectories, phases,
   * thresholds) and removes staging directories abandoned more than an hour ago
   * ({@link Compaction}: exactly once preserved, safe with a running sweep).
   *
   * @throws io.sweep.driver.UserError for a sweep the store has never seen
   */
  public List<Compaction.Result> compact(String sweep) {
    store.requireSweep(sweep);
    return Compaction.compact(store, sweep, List.of(
        Compaction.RUNS,
        Compaction.TRAJECTORIES,
        Compaction.WEIGHTS,
        Compaction.DIAGNOSES,
        new Compaction.Table(PhaseTables.PHASES.name(),
            PhaseTables.PHASES.schema(),
            raw -> Store.latestOf(raw, "sweep", "diagram")),
        new Compaction.Table(PhaseTables.THRESHOLDS.name(),
            PhaseTables.THRESHOLDS.schema(),
            raw -> Store.latestOf(raw, "sweep", "axis"))),
        STALE_STAGING);
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Sweeps.class);

  /**
   * Staging directories older than this belong to commits that will never finish: a commit
   * writes a few files and renames them within seconds (minutes at worst on an object store).
   */
  static final Duration STALE_STAGING = Duration.ofHours(1);

  /**
   * The settings of a stored sweep as its latest invocation recorded them in the {@code sweeps}
   * table, completed by today's defaults and {@code overrides} ({@code KEY=VALUE} HOCON pairs).
   */
  public SweepSettings storedSettings(String sweep, List<String> overrides) {
    StoreViews.register(store);
    List<Row> rows = store.spark().table("sweeps").where(functions.col("sweep").equalTo(sweep))
        .select("config").collectAsList();
    if (rows.isEmpty()) {
      SweepRows.runs(store, sweep); // names the sweeps the store has
      throw new UserError("sweep '" + sweep + "' has runs but no record in the sweeps table of "
          + store.location());
    }
    Config config = ConfigFactory.parseString(rows.get(0).getString(0)).atKey("sweep")
        .withFallback(ConfigLoader.load(null, overrides)).resolve();
    return SettingsParser.sweep(config, "sweeps table of " + store.location());
  }

  /**
   * Resolves a refinement against the stored sweep: the axis, the cells, the aggregation and the
   * settings, checked before anything runs.
   *
   * @param overrides {@code KEY=VALUE} pairs applied when reading the stored settings back
   */
  public Refinement refinement(RefineRequest r, List<String> overrides) {
    SweepSettings settings = DataSets.resolve(store.spark(), storedSettings(r.sweep(), overrides));
    Parameter axis = Parameter.byColumn(r.axis())
        .filter(p -> p.type().numeric() && p != Parameter.SEED)
        .orElseThrow(() -> new UserError(UserError.field("axis") + " '" + r.axis()
            + "' is not a numeric axis column such as samples, lr, batch_size"));
    Dataset<Row> runs = SweepRows.runs(store, r.sweep());
    Map<String, List<Object>> values = SweepRows.parameterValues(store, r.sweep());
    List<Parameter> cellAxes = SweepRows.cellAxes(runs,
            SweepRows.variedAxes(values, r.sweep(), r.axis()), r.axis()).stream()
        .map(c -> Parameter.byColumn(c).orElseThrow()).toList();
    Aggregation aggregation = PhaseDiagrams.resolve(r.metric(), r.agg(),
        SweepRows.checked(UserError.field("metric"), r.metric(),
            () -> runs.select(functions.expr(r.metric())).schema().fields()[0].dataType()));
    double[] axisValues =
        values.get(r.axis()).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    int seeds = values.get(Parameter.SEED.column()).size();
    RefineSettings refine = new RefineSettings(aggregation, r.level(), r.budget(), r.tolerance(),
        r.maxSeeds() != null ? r.maxSeeds() : 2 * seeds, AxisScale.isLogSpaced(axisValues),
        axis.type() != Parameter.Type.DOUBLE);
    SweepRunner runner = runner();
    return new Refinement(refine, cellAxes, onRunsDone -> new StoreBackend(store, settings, axis,
        cellAxes, r.metric(), aggregation, runner, onRunsDone));
  }

  private SweepRunner runner() {
    return new SweepRunner(store.spark(), store, engine.waveSize(), engine.packSize(),
        engine.commitInterval(), engine.packBackend(), engine.storeWeights(), engine.minPacks());
  }

  /** The first NAME.vK (K ≥ 2) with nothing in the store. */
  private String nextVersion(String name) {
    String base = name.replaceFirst("\\.v\\d+$", "");
    for (int k = 2; ; k++) {
      String candidate = base + ".v" + k;
      if (store.runIds(candidate).isEmpty()) {
        return candidate;
      }
    }
  }
}
