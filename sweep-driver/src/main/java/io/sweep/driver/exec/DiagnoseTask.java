package io.sweep.driver.exec;

import io.sweep.worker.data.ProvidedData;
import io.sweep.worker.data.ProvidedDataSet;
import io.sweep.worker.diagnose.DiagnosticsResult;
import io.sweep.worker.diagnose.DiagnosticsSpec;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.run.Runner;
import io.sweep.worker.spec.RunSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The Spark adapter of {@code diagnose}: recomputes, on an executor, the end-of-run diagnostics
 * of a batch of stored runs from their stored weights ({@link Runner#rediagnose}), without
 * training. One task per batch; the worker code is the one a trained run's diagnostics use.
 */
public final class DiagnoseTask implements FlatMapFunction<Iterator<DiagnoseTask.Job>, DiagnoseTask.Done> {
  private static final long serialVersionUID = 1L;

  /**
   * One stored run to diagnose.
   *
   * @param spec        the run, rebuilt from the sweep's stored settings
   * @param parameters  its stored final parameters
   * @param trainLoss   its stored final training loss
   * @param trainLosses the training losses of its stored trajectory, step order
   * @param packed      whether a pack trained it (its {@code trainer} column)
   */
  public record Job(RunSpec spec, NetworkParameters parameters, double trainLoss,
      List<Double> trainLosses, boolean packed) implements Serializable {}

  /**
   * A run's new diagnostics.
   *
   * @param runId       the run
   * @param diagnostics what {@link Runner#rediagnose} computed
   * @param seconds     how long it took
   */
  public record Done(String runId, DiagnosticsResult diagnostics, double seconds)
      implements Serializable {}

  private final DiagnosticsSpec diagnostics;
  private final Broadcast<ProvidedDataSet> data;

  /** A task diagnosing with {@code diagnostics}, on the sweep's Parquet data set {@code data} (or null). */
  public DiagnoseTask(DiagnosticsSpec diagnostics, Broadcast<ProvidedDataSet> data) {
    this.diagnostics = diagnostics;
    this.data = data;
  }

  @Override
  public Iterator<Done> call(Iterator<Job> jobs) {
    if (data != null) {
      ProvidedData.provide(data.value());
    }
    List<Done> done = new ArrayList<>();
    while (jobs.hasNext()) {
      Job j = jobs.next();
      long start = System.nanoTime();
      DiagnosticsResult d = Runner.rediagnose(j.spec(), diagnostics, j.parameters(), j.trainLoss(),
          j.trainLosses(), j.packed());
      done.add(new Done(j.spec().runId(), d, (System.nanoTime() - start) / 1e9));
    }
    return done.iterator();
  }
}
