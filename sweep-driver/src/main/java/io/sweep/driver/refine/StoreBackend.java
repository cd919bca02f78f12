package io.sweep.driver.refine;

import io.sweep.driver.UserError;
import io.sweep.driver.config.Parameter;
import io.sweep.driver.config.SweepSettings;
import io.sweep.driver.exec.SweepRunner;
import io.sweep.driver.phase.Aggregation;
import io.sweep.driver.phase.SweepRows;
import io.sweep.driver.plan.GridExpander;
import io.sweep.driver.plan.PlannedRun;
import io.sweep.driver.plan.SweepPlan;
import io.sweep.driver.store.Store;
import io.sweep.driver.store.SweepLog;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Refinement against a real store: observations are the sweep's {@code runs} rows, new points
 * are runs of the same sweep (same settings, ids computed like a grid run's) trained by
 * {@link SweepRunner} and committed in waves — so a refinement killed half-way keeps what it ran.
 */
public final class StoreBackend implements RefineBackend {
  private final Store store;
  private final SweepSettings settings;
  private final Parameter axis;
  private final List<Parameter> cellAxes;
  private final String metric;
  private final Aggregation agg;
  private final SweepRunner runner;
  private final IntConsumer onRunsDone;

  /**
   * @param settings   the sweep's settings, as stored in its {@code sweeps} row
   * @param axis       the refined axis
   * @param cellAxes   the other varied axes (seed excluded), in canonical order
   * @param metric     the metric column or expression (already checked to evaluate)
   * @param onRunsDone progress callback, runs finished
   */
  public StoreBackend(Store store, SweepSettings settings, Parameter axis, List<Parameter> cellAxes, String metric,
      Aggregation agg, SweepRunner runner, IntConsumer onRunsDone) {
    this.store = store;
    this.settings = settings;
    this.axis = axis;
    this.cellAxes = List.copyOf(cellAxes);
    this.metric = metric;
    this.agg = agg;
    this.runner = runner;
    this.onRunsDone = onRunsDone;
  }

  @Override
  public List<Observation> observe() {
    Dataset<Row> runs = SweepRows.runs(store, settings.name());
    List<Column> columns = new ArrayList<>();
    cellAxes.forEach(p -> columns.add(functions.col(p.column())));
    columns.add(functions.col(axis.column()).cast("double"));
    columns.add(functions.col(Parameter.SEED.column()));
    Column m = functions.expr(metric);
    Column value = agg == Aggregation.FRACTION ? functions.when(m, 1.0).when(functions.not(m), 0.0) : m.cast("double");
    // as in a phase diagram: means over ok runs only, booleans such as status = 'diverged' over all
    columns.add(agg == Aggregation.FRACTION ? value : functions.when(functions.col("status").equalTo("ok"), value));
    List<Observation> observations = new ArrayList<>();
    int k = cellAxes.size();
    for (Row r : SweepRows.checked(UserError.field("metric"), metric, () -> runs.select(columns.toArray(Column[]::new)).collectAsList())) {
      List<Object> cell = new ArrayList<>(k);
      for (int i = 0; i < k; i++) {
        cell.add(r.get(i));
      }
      observations.add(new Observation(List.copyOf(cell), r.getDouble(k), r.getInt(k + 1),
          r.isNullAt(k + 2) ? null : r.getDouble(k + 2)));
    }
    return observations;
  }

  @Override
  public void run(List<Proposal> proposals) {
    List<PlannedRun> planned = new ArrayList<>();
    for (Proposal p : proposals) {
      Map<Parameter, Object> values = new EnumMap<>(Parameter.class);
      for (int i = 0; i < cellAxes.size(); i++) {
        values.put(cellAxes.get(i), p.cell().get(i));
      }
      values.put(axis, typed(axis, p.at()));
      values.put(Parameter.SEED, p.seed());
      planned.add(GridExpander.variant(settings, values));
    }
    SweepPlan plan = io.sweep.driver.store.WarmStarts.resolve(store, new SweepPlan(settings, planned));
    java.util.Set<String> stored = store.runIds(settings.name());
    List<PlannedRun> pending = plan.pending(stored);
    long inStore = stored.size();
    SweepLog log = SweepLog.start(store, plan, inStore + pending.size(), pending.size());
    try {
      runner.run(plan, pending, onRunsDone);
    } catch (RuntimeException e) {
      log.end("failed");
      throw e;
    }
    log.end("finished");
  }

  /** An axis value in its parameter's Java type. */
  static Object typed(Parameter p, double v) {
    return switch (p.type()) {
      case INT -> (int) Math.round(v);
      case LONG -> Math.round(v);
      case DOUBLE -> v;
      default -> throw new IllegalArgumentException(p.column() + " is not numeric");
    };
  }
}
