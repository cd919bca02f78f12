package io.sweep.worker.diagnose;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The {@link Diagnostics.Methods} of a pack of runs (issue 17): the Hessian summary by {@link
 * BlockHessian} (the products of a run in blocks, the oracle's numbers), and the least-squares fit
 * once per training set: the replicas of one seed share their data set ({@code DataModel.perSeed}),
 * so a pack of R runs over S seeds fits S times, not R.
 *
 * <p>One instance per pack and thread (the pack's own, and any spare core's helping it: {@code
 * SpareCores}), its runs diagnosed one after another; not thread-safe. It holds the fits, and the
 * array the two-layer losses build their Jacobians in, until the pack is done.
 */
public final class PackDiagnostics implements Diagnostics.Methods {

  /** Fits by training set, by identity: the shared data set is the same object. */
  private final Map<Samples, LeastSquares> fits = new IdentityHashMap<>();
  /**
   * The array the runs' two-layer losses build their Jacobians in, one run after another (the
   * runs of a pack share n and P): one allocation per pack instead of one n·P array per run.
   */
  private double[] jacobian;

  @Override
  public HessianSummary hessian(TwiceDifferentiable f, int exactMaxParams, int probes, long seed) {
    return BlockHessian.summarise(f, exactMaxParams, probes, seed);
  }

  @Override
  public TwiceDifferentiable loss(NetworkParameters p, Samples train) {
    return Diagnostics.loss(p, train, length -> {
      if (jacobian == null || jacobian.length != length) {
        jacobian = new double[length];
      }
      return jacobian;
    });
  }

  @Override
  public LeastSquares fit(Samples train) {
    return fits.computeIfAbsent(train, LeastSquares::fit);
  }
}
