package io.sweep.worker.diagnose;

import io.sweep.worker.data.Samples;
import io.sweep.worker.net.NetworkParameters;
import io.sweep.worker.spec.Activation;
import java.util.Objects;
import java.util.function.IntFunction;

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
 * <p>Cost: building evaluates the network once (one n × d × m matrix product) and keeps σ, σ',
 * σ'' for every (sample, neuron), 3·n·m doubles; one Hessian-vector product is about 2·n·m·d
 * multiply-adds. The first block product of many
 * vectors builds the n × P Jacobian (n·P doubles, at most {@value #JACOBIAN_MAX_ENTRIES}). Double
 * precision throughout.
 *
 * <p>Immutable after construction (the Jacobian, built on demand, is the same whichever thread
 * builds it); {@link #hessianVectorProduct} allocates only scratch arrays, so concurrent calls with
 * separate output arrays are safe. Non-finite parameters give
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
  /** The Jacobian (n × P) of the block products of many vectors; built on first use. */
  private volatile double[] jacobian;
  /** Where the Jacobian is built: an array of exactly the given length, zeroed or not. */
  private final IntFunction<double[]> jacobianStorage;

  /**
   * The loss of network {@code p} on {@code data}.
   *
   * @throws IllegalArgumentException when the data's input dimension is not the network's, or
   *                                  the network has several outputs ({@link NetworkMse} takes
   *                                  those)
   */
  public TwoLayerMse(NetworkParameters p, Samples data) {
    this(p, data, double[]::new);
  }

  /**
   * The loss of {@code p} on {@code data} whose Jacobian, when the block products need it, is
   * built in {@code jacobianStorage.apply(n·P)}: an array of exactly that length whose contents
   * do not matter (every entry is written). A pack's diagnostics lend one array to its runs in
   * turn ({@link PackDiagnostics}), instead of a fresh n·P array per run — at the bench shape
   * 2.9 MB, a "humongous" object for G1 whose allocation triggered a collection of the whole
   * executor's young generation, pausing every training thread. The array must not be lent to
   * another loss while this one is used.
   */
  TwoLayerMse(NetworkParameters p, Samples data, IntFunction<double[]> jacobianStorage) {
    this.jacobianStorage = Objects.requireNonNull(jacobianStorage, "jacobianStorage");
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
    if (p.depth() != 1 || !p.trainOutput()) {
      throw new IllegalArgumentException(
          "TwoLayerMse needs one hidden layer and a trained output; use NetworkMse");
    }
    n = data.n();
    m = p.width();
    d = p.inputDim();
    dimension = p.count();
    aOffset = ParameterLayout.outputOffset(p);
    int nm = Math.multiplyExact(n, m);
    // Z = X Wᵀ (n × m) in one product; σ, σ', σ'' in place, one activation switch per array.
    act = new double[nm];
    Gemm.multiply(false, true, n, m, d, data.x(), p.w(), act);
    double[] b = p.b();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        act[i * m + j] += b[j];
      }
    }
    d1 = new double[nm];
    d2 = p.activation().piecewiseLinear() ? null : new double[nm];
    activate(p.activation(), act, d1, d2);
    residual = new double[n];
    double[] f = new double[n];
    Gemm.multiply(false, false, n, 1, m, act, p.a(), f);
    double ss = 0;
    for (int i = 0; i < n; i++) {
      double r = f[i] + p.c() - data.y()[i];
      residual[i] = r;
      ss += r * r;
    }
    loss = ss / n;
  }

  /** rᵢσ'ᵢⱼ (n × m): the residual part's a–w weights, for the Jacobian route and the gradient. */
  private double[] residualSlopes() {
    double[] rs = new double[n * m];
    for (int i = 0; i < n; i++) {
      double r = residual[i];
      for (int j = 0; j < m; j++) {
        rs[i * m + j] = r * d1[i * m + j];
      }
    }
    return rs;
  }

  /** z ← σ(z), s1 ← σ'(z), s2 ← σ''(z) (s2 may be null) for every entry. */
  private static void activate(Activation sigma, double[] z, double[] s1, double[] s2) {
    switch (sigma) {
      case RELU -> {
        for (int i = 0; i < z.length; i++) {
          boolean on = z[i] > 0;
          s1[i] = on ? 1 : 0;
          z[i] = on ? z[i] : 0;
        }
      }
      case TANH -> {
        for (int i = 0; i < z.length; i++) {
          double t = Math.tanh(z[i]);
          z[i] = t;
          s1[i] = 1 - t * t;
          s2[i] = -2 * t * (1 - t * t);
        }
      }
      case LINEAR -> java.util.Arrays.fill(s1, 1);
      default -> {
        for (int i = 0; i < z.length; i++) {
          double v = z[i];
          z[i] = sigma.apply(v);
          s1[i] = sigma.derivative(v);
          if (s2 != null) {
            s2[i] = sigma.secondDerivative(v);
          }
        }
      }
    }
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

  /** ∇L = (2/n) Σᵢ rᵢ Jᵢ as matrix products: ∇W = Qᵀ X and ∇b = 1ᵀQ with Qᵢⱼ = rᵢaⱼσ'ᵢⱼ, ∇a = σ(Z)ᵀ r. */
  @Override
  public double[] gradient() {
    double[] g = new double[dimension];
    double[] a = p.a();
    double[] q = residualSlopes();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        q[i * m + j] *= a[j];
      }
    }
    double[] gw = new double[m * d];
    Gemm.multiply(true, false, m, d, n, q, data.x(), gw);
    System.arraycopy(gw, 0, g, 0, gw.length);
    for (int i = 0; i < n; i++) {
      double r = residual[i];
      for (int j = 0; j < m; j++) {
        g[aOffset + j] += r * act[i * m + j];
      }
    }
    if (p.bias()) {
      Gemm.columnSums(q, n, m, g, ParameterLayout.biasOffset(p));
      Gemm.columnSums(residual, n, 1, g, aOffset + m);
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

  /** Blocks of at least this many vectors go through the Jacobian (a matrix-vector product with
   * it reads all of it for one vector: slower than the structured product). */
  static final int JACOBIAN_MIN_BLOCK = 8;
  /**
   * The largest Jacobian built, n·P doubles (32 MiB); larger losses keep the structured product,
   * in sub-blocks whose U (n·m·c doubles) stays within the same bound.
   */
  static final long JACOBIAN_MAX_ENTRIES = 1L << 22;

  /**
   * The block product of {@link TwiceDifferentiable#hessianVectorProducts} as matrix products
   * (issue 17), by one of two routes with the same terms, summed in other orders than {@link
   * #hessianVectorProduct}'s (so each product agrees with it to rounding, ≈ 1e-15 relative):
   *
   * <ul>
   *   <li>with σ'' ≡ 0 (ReLU, linear) and a block of at least {@value #JACOBIAN_MIN_BLOCK}
   *       vectors (the Hutchinson probes, the dense Hessian's unit vectors): H = (2/n)(JᵀJ + R),
   *       J the n × P Jacobian of the outputs (built once, rows Jᵢ of the class comment) and R the
   *       residual part, whose only entries are the a–w and a–b cross terms Mⱼ = Σᵢ rᵢσ'ᵢⱼ(xᵢ, 1):
   *       <pre>{@code
   * H V = (2/n) ( Jᵀ (J V) + R V ),   (R V)_wⱼ = Mⱼ v_aⱼ,   (R V)_aⱼ = Mⱼ · (v_wⱼ, v_bⱼ)
   *       }</pre>
   *       two products with inner dimensions P and n, and nothing of size n·m per vector;
   *   <li>otherwise the structured product of the class comment for c vectors at once, with U
   *       (n × m·c) the directions uᵢⱼ and Q the qᵢⱼ:
   *       <pre>{@code
   * U = X V_W (+ v_b), zero where σ'ᵢⱼ = 0       G = σ(Z) V_A + Σⱼ aⱼσ'ᵢⱼ U·ⱼ + v_c   (n × c)
   * (Hv)_W = Xᵀ Q,  (Hv)_b = 1ᵀ Q,  (Hv)_a = σ(Z)ᵀ G + Σᵢ rᵢσ'ᵢⱼ Uᵢⱼ,  (Hv)_c = 1ᵀ G   (× 2/n)
   *       }</pre>
   *       X V_W and Xᵀ Q go to OpenBLAS, the rest is O(n·m·c) loops over σ, σ', σ''. One vector
   *       (a Lanczos iteration) takes this route.
   * </ul>
   */
  @Override
  public void hessianVectorProducts(double[] v, double[] out, int count) {
    BlockHessian.checkBlock(dimension, v, out, count);
    if (d2 == null && count >= JACOBIAN_MIN_BLOCK
        && (long) n * dimension <= JACOBIAN_MAX_ENTRIES) {
      jacobianProducts(v, out, count);
      return;
    }
    // The structured route holds U (n × m·c): sub-blocks keep it within the Jacobian's bound.
    int chunk = (int) Math.max(1, Math.min(count, JACOBIAN_MAX_ENTRIES / ((long) n * m)));
    if (chunk == count) {
      structuredProducts(v, out, count);
      return;
    }
    double[] part = new double[dimension * chunk];
    double[] product = new double[part.length];
    for (int from = 0; from < count; from += chunk) {
      int c = Math.min(chunk, count - from);
      double[] in = c == chunk ? part : new double[dimension * c];
      double[] res = c == chunk ? product : new double[dimension * c];
      for (int i = 0; i < dimension; i++) {
        System.arraycopy(v, i * count + from, in, i * c, c);
      }
      structuredProducts(in, res, c);
      for (int i = 0; i < dimension; i++) {
        System.arraycopy(res, i * c, out, i * count + from, c);
      }
    }
  }

  private void jacobianProducts(double[] v, double[] out, int c) {
    double[] j = jacobian();
    double[] y = new double[Math.multiplyExact(n, c)];
    Gemm.multiply(false, false, n, c, dimension, j, v, y);
    Gemm.multiply(true, false, dimension, c, n, j, y, out);
    // R V: Mⱼ (m × d, plus the bias column) from the residual-weighted slopes.
    double[] mw = new double[m * d];
    double[] rs1 = residualSlopes();
    Gemm.multiply(true, false, m, d, n, rs1, data.x(), mw);
    boolean bias = p.bias();
    int bOffset = ParameterLayout.biasOffset(p);
    double[] mb = bias ? new double[m] : null;
    if (bias) {
      Gemm.columnSums(rs1, n, m, mb, 0);
    }
    for (int jn = 0; jn < m; jn++) {
      int va = (aOffset + jn) * c;
      for (int k = 0; k < d; k++) {
        double mjk = mw[jn * d + k];
        int w = (jn * d + k) * c;
        for (int b = 0; b < c; b++) {
          out[w + b] += mjk * v[va + b];
          out[va + b] += mjk * v[w + b];
        }
      }
      if (bias) {
        int vb = (bOffset + jn) * c;
        double mj = mb[jn];
        for (int b = 0; b < c; b++) {
          out[vb + b] += mj * v[va + b];
          out[va + b] += mj * v[vb + b];
        }
      }
    }
    scale(out, 2.0 / n);
  }

  /** J (n × P, row-major): row i is ∇_θ f(xᵢ) = (aⱼσ'ᵢⱼxᵢ, aⱼσ'ᵢⱼ, σᵢⱼ, 1) in θ's order. */
  private double[] jacobian() {
    double[] j = jacobian;
    if (j != null) {
      return j;
    }
    j = jacobianStorage.apply(Math.multiplyExact(n, dimension));
    double[] x = data.x();
    boolean bias = p.bias();
    int bOffset = ParameterLayout.biasOffset(p);
    for (int i = 0; i < n; i++) {
      int row = i * dimension;
      int xo = i * d;
      for (int jn = 0; jn < m; jn++) {
        double f = p.a()[jn] * d1[i * m + jn];
        int at = row + jn * d;
        if (f != 0) {
          for (int k = 0; k < d; k++) {
            j[at + k] = f * x[xo + k];
          }
        } else {
          java.util.Arrays.fill(j, at, at + d, 0.0); // the storage may hold a former run's
        }
        if (bias) {
          j[row + bOffset + jn] = f;
        }
      }
      System.arraycopy(act, i * m, j, row + aOffset, m);
      if (bias) {
        j[row + aOffset + m] = 1;
      }
    }
    jacobian = j; // racing builders build the same array: benign
    return j;
  }

  private void structuredProducts(double[] v, double[] out, int c) {
    int mc = Math.multiplyExact(m, c);
    double[] x = data.x();
    boolean bias = p.bias();
    int bOffset = ParameterLayout.biasOffset(p);
    // V_W as d × (m·c): entry (k, j·c + b) is V[(j·d + k)·c + b]; V_A (m × c) is contiguous.
    double[] u = new double[Math.multiplyExact(n, mc)];
    if (c == 1) { // V_W is W's m × d layout: U = X V_Wᵀ
      Gemm.multiply(false, true, n, m, d, x, java.util.Arrays.copyOf(v, m * d), u);
    } else {
      double[] vw = new double[Math.multiplyExact(d, mc)];
      for (int j = 0; j < m; j++) {
        for (int k = 0; k < d; k++) {
          System.arraycopy(v, (j * d + k) * c, vw, k * mc + j * c, c);
        }
      }
      Gemm.multiply(false, false, n, mc, d, x, vw, u);
    }
    double[] va = java.util.Arrays.copyOfRange(v, aOffset * c, (aOffset + m) * c);
    double[] g = new double[n * c];
    if (c > 1) { // one vector sums σ(Z) V_A in its own loop
      Gemm.multiply(false, false, n, c, m, act, va, g);
    }
    double[] vb = bias ? java.util.Arrays.copyOfRange(v, bOffset * c, (bOffset + m) * c) : null;
    double vc = bias ? v[(aOffset + m) * c] : 0; // c = 1 only; blocks add v_c below
    double[] outA = new double[mc];
    if (c == 1) {
      singleVectorTerms(u, g, va, vb, vc, outA);
    } else {
      blockTerms(u, g, v, va, vb, c, outA);
    }
    double[] outB = bias ? new double[mc] : null; // (Hv)_b = 1ᵀ Q
    if (bias) {
      Gemm.columnSums(u, n, mc, outB, 0);
    }
    if (c == 1) { // (Hv)_W = Qᵀ X, straight into W's layout
      double[] ow = new double[m * d];
      Gemm.multiply(true, false, m, d, n, u, x, ow);
      System.arraycopy(ow, 0, out, 0, m * d);
    } else {
      double[] ow = new double[d * mc];
      Gemm.multiply(true, false, d, mc, n, x, u, ow);
      for (int j = 0; j < m; j++) {
        for (int k = 0; k < d; k++) {
          System.arraycopy(ow, k * mc + j * c, out, (j * d + k) * c, c);
        }
      }
    }
    double[] ga = new double[mc];
    if (c > 1) { // one vector has σ(Z)ᵀ G in outA already
      Gemm.multiply(true, false, m, c, n, act, g, ga);
    }
    for (int e = 0; e < mc; e++) {
      out[aOffset * c + e] = ga[e] + outA[e];
      if (bias) {
        out[bOffset * c + e] = outB[e];
      }
    }
    if (bias) {
      int oc = (aOffset + m) * c;
      java.util.Arrays.fill(out, oc, oc + c, 0);
      Gemm.columnSums(g, n, c, out, oc);
    }
    scale(out, 2.0 / n);
  }

  /**
   * The O(n·m) terms of one vector: U masked (+ v_b), G = σ(Z) v_a + Σⱼ aⱼσ'ᵢⱼuᵢⱼ + v_c, (Hv)_a's
   * σ(Z)ᵀ G + Σᵢ rᵢσ'ᵢⱼuᵢⱼ into {@code outA}, and Q over U: plain loops over the factors (the two
   * matrix-vector products with σ(Z) fused in, cheaper than a BLAS call that copies σ(Z) each time).
   */
  private void singleVectorTerms(
      double[] u, double[] g, double[] va, double[] vb, double vc, double[] outA) {
    double[] a = p.a();
    for (int i = 0; i < n; i++) {
      int io = i * m;
      double r = residual[i];
      double gi = g[i] + vc;
      for (int j = 0; j < m; j++) {
        int ij = io + j;
        double s1 = d1[ij];
        double uij = s1 == 0 ? 0 : vb == null ? u[ij] : u[ij] + vb[j];
        u[ij] = uij;
        gi += a[j] * s1 * uij + act[ij] * va[j];
      }
      g[i] = gi;
      for (int j = 0; j < m; j++) {
        int ij = io + j;
        double s1 = d1[ij];
        double uq = u[ij];
        double rs = r * s1;
        outA[j] += rs * uq + act[ij] * gi;
        double q = gi * a[j] * s1 + rs * va[j];
        u[ij] = d2 == null ? q : q + r * a[j] * d2[ij] * uq; // uq = 0 where σ' = 0
      }
    }
  }

  /** {@link #singleVectorTerms} for a block of c vectors, interleaved (vector b at offset b). */
  private void blockTerms(
      double[] u, double[] g, double[] v, double[] va, double[] vb, int c, double[] outA) {
    int mc = m * c;
    int vc = (aOffset + m) * c;
    for (int i = 0; i < n; i++) {
      int gi = i * c;
      if (vb != null) {
        for (int b = 0; b < c; b++) {
          g[gi + b] += v[vc + b];
        }
      }
      for (int j = 0; j < m; j++) {
        int ij = i * m + j;
        int ui = i * mc + j * c;
        if (d1[ij] == 0) { // as the single product: no direction through an inactive unit
          java.util.Arrays.fill(u, ui, ui + c, 0);
          continue;
        }
        if (vb != null) {
          for (int b = 0; b < c; b++) {
            u[ui + b] += vb[j * c + b];
          }
        }
        double f = p.a()[j] * d1[ij];
        for (int b = 0; b < c; b++) {
          g[gi + b] += f * u[ui + b];
        }
      }
    }
    // Q overwrites U, after U's own terms of (Hv)_a.
    double[] a = p.a();
    for (int i = 0; i < n; i++) {
      int gi = i * c;
      double r = residual[i];
      for (int j = 0; j < m; j++) {
        int ij = i * m + j;
        double s1 = d1[ij];
        double f = a[j] * s1;
        double rs = r * s1;
        double r2 = d2 == null ? 0 : r * a[j] * d2[ij]; // U is 0 where σ' = 0
        int ui = i * mc + j * c;
        int jc = j * c;
        for (int b = 0; b < c; b++) {
          double uq = u[ui + b];
          outA[jc + b] += rs * uq;
          u[ui + b] = g[gi + b] * f + rs * va[jc + b] + r2 * uq;
        }
      }
    }
  }

  private static void scale(double[] v, double factor) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= factor;
    }
  }
}
