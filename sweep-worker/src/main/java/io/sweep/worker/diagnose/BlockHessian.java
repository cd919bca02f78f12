package io.sweep.worker.diagnose;

import io.sweep.worker.data.Seeds;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * {@link HessianEstimates}' numbers with the Hessian-vector products done in blocks ({@link
 * TwiceDifferentiable#hessianVectorProducts}): the Hutchinson probes of a run as one block of
 * vectors, the dense Hessian as blocks of unit vectors, each block one pass over the training set
 * (issue 17). The pack path of the runner uses it;
 * {@link HessianEstimates}, one product at a time, stays the oracle.
 *
 * <p>Same formulas, same random streams drawn in the same order (probe after probe, coordinate by
 * coordinate), same Lanczos ({@link Lanczos} is sequential: one product per iteration, here a
 * block of one, {@link #maxEigenvalue}). A block product sums in another order than the single one, so the results are the
 * oracle's to rounding: {@code BlockHessianTest} holds the exact summaries to 1e-12 and the
 * estimated ones to 1e-9 relative.
 *
 * <p>Stateless and thread-safe; deterministic in its arguments.
 */
public final class BlockHessian {

  /** Vectors per block: a block is P·64 doubles of input and as many of output. */
  static final int BLOCK = 64;

  private BlockHessian() {}

  /**
   * The argument checks of {@link TwiceDifferentiable#hessianVectorProducts}: {@code count ≥ 1}
   * vectors of length {@code dim}, interleaved in arrays of dim·count, {@code out} not {@code v}.
   */
  static void checkBlock(int dim, double[] v, double[] out, int count) {
    if (count < 1 || v.length != (long) dim * count || out.length != v.length) {
      throw new IllegalArgumentException("a block of " + count + " vectors of length " + dim
          + " needs arrays of " + (long) dim * count + ", got " + v.length + " and " + out.length);
    }
    if (v == out) {
      throw new IllegalArgumentException("out must not be v");
    }
  }

  /** As {@link HessianEstimates#summarise}. */
  public static HessianSummary summarise(
      TwiceDifferentiable f, int exactMaxParams, int probes, long seed) {
    return HessianEstimates.summarise(
        f, exactMaxParams, BlockHessian::exact, g -> estimated(g, probes, seed));
  }

  /** As {@link HessianEstimates#exact}. */
  public static HessianSummary exact(TwiceDifferentiable f) {
    return HessianEstimates.exact(dense(f));
  }

  /** As {@link HessianEstimates#estimated}. */
  public static HessianSummary estimated(TwiceDifferentiable f, int probes, long seed) {
    Objects.requireNonNull(f, "f");
    if (probes < 2) {
      throw new IllegalArgumentException("probes must be >= 2, got " + probes);
    }
    Lanczos.Result top = maxEigenvalue(f, seed);
    double[] t = new double[probes];
    double[] fro = new double[probes];
    probes(f, probes, seed, t, fro);
    return HessianEstimates.estimated(top, t, fro);
  }

  /**
   * {@link Lanczos#maxEigenvalue(TwiceDifferentiable, double, int, long)} at SCIENCE.md's
   * tolerance and cap, each iteration's product a block of one ({@link
   * TwiceDifferentiable#hessianVectorProducts}: matrix products for {@link TwoLayerMse} and {@link
   * NetworkMse}).
   */
  public static Lanczos.Result maxEigenvalue(TwiceDifferentiable f, long seed) {
    return Lanczos.maxEigenvalue(f, Lanczos.TOLERANCE, Lanczos.MAX_ITERATIONS, seed,
        (q, w) -> f.hessianVectorProducts(q, w, 1));
  }

  /** As {@link HessianEstimates#trace}. */
  public static double trace(TwiceDifferentiable f, int exactMaxParams, int probes, long seed) {
    Objects.requireNonNull(f, "f");
    if (!Double.isFinite(f.value())) {
      return Double.NaN;
    }
    int dim = f.dimension();
    double sum = 0;
    if (dim <= exactMaxParams) {
      // Σᵢ (H eᵢ)ᵢ in the oracle's order, block by block of unit vectors.
      for (int from = 0; from < dim; from += BLOCK) {
        int c = Math.min(BLOCK, dim - from);
        double[] hv = units(f, from, c);
        for (int b = 0; b < c; b++) {
          sum += hv[(from + b) * c + b];
        }
      }
      return sum;
    }
    double[] t = new double[probes];
    probes(f, probes, seed, t, null);
    for (double v : t) {
      sum += v;
    }
    return sum / probes;
  }

  /** As {@link HessianEstimates#dense}. */
  public static double[][] dense(TwiceDifferentiable f) {
    Objects.requireNonNull(f, "f");
    int dim = f.dimension();
    double[][] h = new double[dim][dim];
    for (int from = 0; from < dim; from += BLOCK) {
      int c = Math.min(BLOCK, dim - from);
      double[] hv = units(f, from, c);
      for (int i = 0; i < dim; i++) {
        for (int b = 0; b < c; b++) {
          h[i][from + b] = hv[i * c + b];
        }
      }
    }
    return HessianEstimates.symmetrised(h);
  }

  /** H [e_from … e_{from+c−1}], interleaved. */
  private static double[] units(TwiceDifferentiable f, int from, int c) {
    int dim = f.dimension();
    double[] e = new double[dim * c];
    for (int b = 0; b < c; b++) {
      e[(from + b) * c + b] = 1;
    }
    double[] hv = new double[dim * c];
    f.hessianVectorProducts(e, hv, c);
    return hv;
  }

  /**
   * tₚ = vₚᵀHvₚ (and fₚ = ‖Hvₚ‖² when {@code fro} is not null) of the Rademacher probes of
   * stream {@value HessianEstimates#HUTCHINSON_STREAM}, in blocks of {@value #BLOCK} probes.
   */
  private static void probes(
      TwiceDifferentiable f, int probes, long seed, double[] t, double[] fro) {
    int dim = f.dimension();
    SplittableRandom rng =
        new SplittableRandom(Seeds.derive(seed, HessianEstimates.HUTCHINSON_STREAM));
    for (int from = 0; from < probes; from += BLOCK) {
      int c = Math.min(BLOCK, probes - from);
      double[] v = new double[dim * c];
      for (int b = 0; b < c; b++) { // the oracle's draw order: probe after probe
        for (int i = 0; i < dim; i++) {
          v[i * c + b] = rng.nextBoolean() ? 1 : -1;
        }
      }
      double[] hv = new double[dim * c];
      f.hessianVectorProducts(v, hv, c);
      // Lanczos.dot's order (i ascending) per probe, accumulated across the block.
      double[] vhv = new double[c];
      double[] hvhv = new double[c];
      for (int i = 0; i < dim; i++) {
        int o = i * c;
        for (int b = 0; b < c; b++) {
          double h = hv[o + b];
          vhv[b] += v[o + b] * h;
          hvhv[b] += h * h;
        }
      }
      for (int b = 0; b < c; b++) {
        t[from + b] = vhv[b];
        if (fro != null) {
          fro[from + b] = hvhv[b];
        }
      }
    }
  }
}
