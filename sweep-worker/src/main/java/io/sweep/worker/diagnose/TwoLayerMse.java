package io.sweep.worker.diagnose;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import java.util.Objects;

/**
 * The training loss of a two-layer network, exactly as the optimiser differentiates it (see
 * {@code io.sweep.worker.train}): with f(x) = Σⱼ aⱼ σ(wⱼ·x + bⱼ) + c and residuals rᵢ = f(xᵢ) − yᵢ
 * on all n samples of the data set, with its own labels,
 *
 * <pre>{@code
 * L(θ) = (1/n) Σᵢ rᵢ²                         (no factor ½)
 * ∇L   = (2/n) Σᵢ rᵢ Jᵢ                         Jᵢ = ∇_θ f(xᵢ)
 * H    = (2/n) Σᵢ ( Jᵢ Jᵢᵀ + rᵢ ∇²_θ f(xᵢ) )     (Gauss–Newton part + residual part)
 * }</pre>
 *
 * <p>θ in the order of {@link ParameterLayout}; b and c are parameters only with bias. With zᵢⱼ =
 * wⱼ·xᵢ + bⱼ, the Jacobian is ∂f/∂wⱼₖ = aⱼσ'(zⱼ)xₖ, ∂f/∂bⱼ = aⱼσ'(zⱼ), ∂f/∂aⱼ = σ(zⱼ), ∂f/∂c = 1;
 * the only non-zero second derivatives of f are those within one neuron: ∂²f/∂aⱼ∂wⱼₖ = σ'(zⱼ)xₖ,
 * ∂²f/∂aⱼ∂bⱼ = σ'(zⱼ) (the a–w cross terms, present for every activation) and ∂²f/∂wⱼₖ∂wⱼₗ =
 * aⱼσ''(zⱼ)xₖxₗ (with x₀ = 1 standing for bⱼ). For a direction v = (V, v_b, v_a, v_c), with uᵢⱼ =
 * Vⱼ·xᵢ + v_bⱼ and gᵢ = Jᵢ·v = Σⱼ (aⱼσ'ᵢⱼuᵢⱼ + v_aⱼσᵢⱼ) + v_c, the product is
 *
 * <pre>{@code
 * (Hv)_wⱼₖ = (2/n) Σᵢ qᵢⱼ xᵢₖ,   (Hv)_bⱼ = (2/n) Σᵢ qᵢⱼ,
 *     qᵢⱼ = gᵢ aⱼ σ'ᵢⱼ + rᵢ (σ'ᵢⱼ v_aⱼ + aⱼ σ''ᵢⱼ uᵢⱼ)
 * (Hv)_aⱼ  = (2/n) Σᵢ (gᵢ σᵢⱼ + rᵢ σ'ᵢⱼ uᵢⱼ),   (Hv)_c = (2/n) Σᵢ gᵢ
 * }</pre>
 *
 * <p>Activations: ReLU σ' = 1[z &gt; 0] (0 at z = 0, as the trainer's autodiff), σ'' = 0 almost
 * everywhere (the kink is not a parameter-space curvature the optimiser sees); tanh σ' = 1 − t²,
 * σ'' = −2t(1 − t²) with t = tanh z; linear σ' = 1, σ'' = 0.
 *
 * <p>Cost: building evaluates the network once (n·m·d multiply-adds) and keeps σ, σ', σ'' for
 * every (sample, neuron), 3·n·m doubles; one Hessian-vector product is about 2·n·m·d
 * multiply-adds (fewer for ReLU, whose inactive units are skipped). Double precision throughout.
 *
 * <p>Immutable after construction; {@link #hessianVectorProduct} allocates only a length-m scratch
 * array, so concurrent calls with separate output arrays are safe. Non-finite parameters give
 * non-finite values, never an exception.
 */
public final class TwoLayerMse implements TwiceDifferentiable {

  private final NetworkParameters p;
  private final Samples data;
  private final int n;
  private final int m;
  private final int d;
  private final int dimension;
  private final int aOffset;
  /** σ(zᵢⱼ), σ'(zᵢⱼ), σ''(zᵢⱼ) at index i·m + j; {@code d2} is null when σ'' ≡ 0. */
  private final double[] act;
  private final double[] d1;
  private final double[] d2;
  private final double[] residual;
  private final double loss;

  /**
   * The loss of network {@code p} on {@code data}.
   *
   * @throws IllegalArgumentException when the data's input dimension is not the network's, or
   *                                  the network has several outputs ({@link NetworkMse} takes
   *                                  those)
   */
  public TwoLayerMse(NetworkParameters p, Samples data) {
    this.p = Objects.requireNonNull(p, "p");
    this.data = Objects.requireNonNull(data, "data");
    if (p.outputDim() != 1 || data.k() != 1) {
      throw new IllegalArgumentException(
          "TwoLayerMse takes one output; the network has " + p.outputDim() + ", the data "
              + data.k() + " labels per sample (use NetworkMse)");
    }
    if (data.d() != p.inputDim()) {
      throw new IllegalArgumentException(
          "data have dimension " + data.d() + ", the network " + p.inputDim());
    }
    n = data.n();
    m = p.width();
    d = p.inputDim();
    dimension = p.count();
    aOffset = ParameterLayout.outputOffset(p);
    act = new double[n * m];
    d1 = new double[n * m];
    if (p.depth() != 1 || !p.trainOutput()) {
      throw new IllegalArgumentException(
          "TwoLayerMse needs one hidden layer and a trained output; use NetworkMse");
    }
    d2 = p.activation().piecewiseLinear() ? null : new double[n * m];
    residual = new double[n];
    double[] x = data.x();
    double[] w = p.w();
    double ss = 0;
    for (int i = 0; i < n; i++) {
      int xo = i * d;
      double f = p.c();
      for (int j = 0; j < m; j++) {
        double z = p.b()[j];
        int row = j * d;
        for (int k = 0; k < d; k++) {
          z += w[row + k] * x[xo + k];
        }
        int ij = i * m + j;
        switch (p.activation()) {
          case RELU -> {
            act[ij] = z > 0 ? z : 0;
            d1[ij] = z > 0 ? 1 : 0;
          }
          case TANH -> {
            double t = Math.tanh(z);
            act[ij] = t;
            d1[ij] = 1 - t * t;
            d2[ij] = -2 * t * (1 - t * t);
          }
          case LINEAR -> {
            act[ij] = z;
            d1[ij] = 1;
          }
          default -> {
            act[ij] = p.activation().apply(z);
            d1[ij] = p.activation().derivative(z);
            d2[ij] = p.activation().secondDerivative(z);
          }
        }
        f += p.a()[j] * act[ij];
      }
      double r = f - data.y()[i];
      residual[i] = r;
      ss += r * r;
    }
    loss = ss / n;
  }

  /** The network this loss is evaluated at. */
  public NetworkParameters parameters() {
    return p;
  }

  /** The data set (inputs and labels) of this loss. */
  public Samples data() {
    return data;
  }

  /** The same loss at other parameters θ (order of {@link ParameterLayout}). */
  public TwoLayerMse at(double[] theta) {
    return new TwoLayerMse(ParameterLayout.unflatten(p, theta), data);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  /** The training loss (1/n) Σᵢ (f(xᵢ) − yᵢ)². */
  @Override
  public double value() {
    return loss;
  }

  @Override
  public double[] gradient() {
    double[] g = new double[dimension];
    double[] x = data.x();
    double[] a = p.a();
    boolean bias = p.bias();
    int bOffset = ParameterLayout.biasOffset(p);
    for (int i = 0; i < n; i++) {
      double r = residual[i];
      int xo = i * d;
      for (int j = 0; j < m; j++) {
        int ij = i * m + j;
        double q = r * a[j] * d1[ij];
        if (q != 0) {
          int row = j * d;
          for (int k = 0; k < d; k++) {
            g[row + k] += q * x[xo + k];
          }
          if (bias) {
            g[bOffset + j] += q;
          }
        }
        g[aOffset + j] += r * act[ij];
      }
      if (bias) {
        g[aOffset + m] += r;
      }
    }
    scale(g, 2.0 / n);
    return g;
  }

  @Override
  public void hessianVectorProduct(double[] v, double[] out) {
    if (v.length != dimension || out.length != dimension) {
      throw new IllegalArgumentException(
          "vectors must have length " + dimension + ", got " + v.length + " and " + out.length);
    }
    if (v == out) {
      throw new IllegalArgumentException("out must not be v");
    }
    java.util.Arrays.fill(out, 0);
    double[] x = data.x();
    double[] a = p.a();
    boolean bias = p.bias();
    int bOffset = ParameterLayout.biasOffset(p);
    double vc = bias ? v[aOffset + m] : 0;
    double[] u = new double[m];
    for (int i = 0; i < n; i++) {
      int xo = i * d;
      int io = i * m;
      double g = vc;
      for (int j = 0; j < m; j++) {
        int ij = io + j;
        double va = v[aOffset + j];
        double s1 = d1[ij];
        double uij = 0;
        // u is only needed where σ' ≠ 0 (ReLU: the active units).
        if (s1 != 0) {
          int row = j * d;
          for (int k = 0; k < d; k++) {
            uij += v[row + k] * x[xo + k];
          }
          if (bias) {
            uij += v[bOffset + j];
          }
        }
        u[j] = uij;
        g += a[j] * s1 * uij + va * act[ij];
      }
      double r = residual[i];
      for (int j = 0; j < m; j++) {
        int ij = io + j;
        double s1 = d1[ij];
        double uij = u[j];
        double q = g * a[j] * s1 + r * s1 * v[aOffset + j];
        if (d2 != null) {
          q += r * a[j] * d2[ij] * uij;
        }
        if (q != 0) {
          int row = j * d;
          for (int k = 0; k < d; k++) {
            out[row + k] += q * x[xo + k];
          }
          if (bias) {
            out[bOffset + j] += q;
          }
        }
        out[aOffset + j] += g * act[ij] + r * s1 * uij;
      }
      if (bias) {
        out[aOffset + m] += g;
      }
    }
    scale(out, 2.0 / n);
  }

  /**
   * The block product of {@link TwiceDifferentiable#hessianVectorProducts} as matrix products
   * (issue 17), the formulas of the class comment for c vectors at once. With U (n × m·c) the
   * directions uᵢⱼ of every vector and Q (n × m·c) the qᵢⱼ:
   *
   * <pre>{@code
   * U = X V_W (+ v_b),  zero where σ'ᵢⱼ = 0       G = σ(Z) V_A + Σⱼ aⱼσ'ᵢⱼ U·ⱼ + v_c   (n × c)
   * (Hv)_W = Xᵀ Q,  (Hv)_b = 1ᵀ Q,  (Hv)_a = σ(Z)ᵀ G + Σᵢ rᵢσ'ᵢⱼ Uᵢⱼ,  (Hv)_c = 1ᵀ G   (× 2/n)
   * }</pre>
   *
   * <p>X V_W and Xᵀ Q, each n·m·d·c multiply-adds, go to OpenBLAS; the rest is O(n·m·c). Even
   * one vector (c = 1, a Lanczos iteration of {@link BlockHessian}) is faster this way than by {@link
   * #hessianVectorProduct}'s loops: 1.5–1.8× at the bench's n 256, m 64, d 20. The
   * sums run in another order than {@link #hessianVectorProduct}'s, so each product agrees with
   * it to rounding (≈ 1e-15 relative), not bit for bit.
   */
  @Override
  public void hessianVectorProducts(double[] v, double[] out, int count) {
    if (count < 1 || v.length != (long) dimension * count || out.length != v.length) {
      throw new IllegalArgumentException("a block of " + count + " vectors of length " + dimension
          + " needs arrays of " + (long) dimension * count + ", got " + v.length + " and "
          + out.length);
    }
    if (v == out) {
      throw new IllegalArgumentException("out must not be v");
    }
    int c = count;
    int mc = Math.multiplyExact(m, c);
    double[] x = data.x();
    double[] a = p.a();
    boolean bias = p.bias();
    int bOffset = ParameterLayout.biasOffset(p);
    // V_W as d × (m·c): entry (k, j·c + b) is V[(j·d + k)·c + b]; V_A (m × c) is contiguous.
    double[] vw = new double[Math.multiplyExact(d, mc)];
    for (int j = 0; j < m; j++) {
      for (int k = 0; k < d; k++) {
        System.arraycopy(v, (j * d + k) * c, vw, k * mc + j * c, c);
      }
    }
    double[] va = java.util.Arrays.copyOfRange(v, aOffset * c, (aOffset + m) * c);
    double[] u = new double[Math.multiplyExact(n, mc)];
    Gemm.multiply(false, false, n, mc, d, x, vw, u);
    double[] g = new double[n * c];
    Gemm.multiply(false, false, n, c, m, act, va, g);
    for (int i = 0; i < n; i++) {
      int gi = i * c;
      if (bias) {
        int vc = (aOffset + m) * c;
        for (int b = 0; b < c; b++) {
          g[gi + b] += v[vc + b];
        }
      }
      for (int j = 0; j < m; j++) {
        double s1 = d1[i * m + j];
        int ui = i * mc + j * c;
        if (s1 == 0) { // as the single product: no direction through an inactive unit
          java.util.Arrays.fill(u, ui, ui + c, 0);
          continue;
        }
        if (bias) {
          int vb = (bOffset + j) * c;
          for (int b = 0; b < c; b++) {
            u[ui + b] += v[vb + b];
          }
        }
        double as1 = a[j] * s1;
        for (int b = 0; b < c; b++) {
          g[gi + b] += as1 * u[ui + b];
        }
      }
    }
    // Q overwrites U, after U's own terms of (Hv)_a.
    double[] outA = new double[mc];
    double[] outB = new double[mc];
    for (int i = 0; i < n; i++) {
      double r = residual[i];
      int gi = i * c;
      for (int j = 0; j < m; j++) {
        int ij = i * m + j;
        double s1 = d1[ij];
        double aj = a[j];
        double rs1 = r * s1;
        double rad2 = d2 == null ? 0 : r * aj * d2[ij];
        double as1 = aj * s1;
        int ui = i * mc + j * c;
        int jc = j * c;
        for (int b = 0; b < c; b++) {
          double uq = u[ui + b];
          outA[jc + b] += rs1 * uq;
          double q = g[gi + b] * as1 + rs1 * va[jc + b] + rad2 * uq;
          u[ui + b] = q;
          outB[jc + b] += q;
        }
      }
    }
    double[] ow = new double[d * mc];
    Gemm.multiply(true, false, d, mc, n, x, u, ow);
    double[] ga = new double[mc];
    Gemm.multiply(true, false, m, c, n, act, g, ga);
    for (int j = 0; j < m; j++) {
      for (int k = 0; k < d; k++) {
        System.arraycopy(ow, k * mc + j * c, out, (j * d + k) * c, c);
      }
    }
    for (int i = 0; i < mc; i++) {
      out[aOffset * c + i] = ga[i] + outA[i];
      if (bias) {
        out[bOffset * c + i] = outB[i];
      }
    }
    if (bias) {
      int oc = (aOffset + m) * c;
      java.util.Arrays.fill(out, oc, oc + c, 0);
      for (int i = 0; i < n; i++) {
        for (int b = 0; b < c; b++) {
          out[oc + b] += g[i * c + b];
        }
      }
    }
    scale(out, 2.0 / n);
  }

  private static void scale(double[] v, double factor) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= factor;
    }
  }
}
