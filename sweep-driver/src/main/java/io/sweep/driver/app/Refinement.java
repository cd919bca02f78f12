package io.sweep.driver.app;

import io.sweep.driver.config.Parameter;
import io.sweep.driver.refine.RefineBackend;
import io.sweep.driver.refine.RefineResult;
import io.sweep.driver.refine.RefineSettings;
import io.sweep.driver.refine.Refiner;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Function;

/**
 * A refinement resolved against its store ({@link Sweeps#refinement}), ready to {@link #run}: the
 * settings it will use are known before any run starts, so a caller can show them first.
 */
public final class Refinement {
  private final RefineSettings settings;
  private final List<Parameter> cellAxes;
  private final Function<IntConsumer, RefineBackend> backend;

  Refinement(RefineSettings settings, List<Parameter> cellAxes,
      Function<IntConsumer, RefineBackend> backend) {
    this.settings = settings;
    this.cellAxes = List.copyOf(cellAxes);
    this.backend = backend;
  }

  /** The resolved settings (aggregation, log or linear axis, seeds cap, ...). */
  public RefineSettings settings() {
    return settings;
  }

  /** The other varied axes (seed excluded), in canonical order: the cells of the result. */
  public List<Parameter> cellAxes() {
    return cellAxes;
  }

  /**
   * Runs the refinement: new runs of the same sweep, committed in waves.
   *
   * @param onRunsDone progress, runs finished
   * @param log        one line per round
   */
  public RefineResult run(IntConsumer onRunsDone, Consumer<String> log) {
    return new Refiner(backend.apply(onRunsDone), settings, log).refine();
  }
}
