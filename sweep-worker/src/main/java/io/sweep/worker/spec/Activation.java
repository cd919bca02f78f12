package io.sweep.worker.spec;

/**
 * Hidden-layer activations σ, with σ, σ′ and σ″ in double precision: the definitions every
 * trainer and diagnostic follows (SCIENCE.md, "Models").
 *
 * <pre>{@code
 * relu      max(z, 0)                          σ′ = 1[z > 0] (0 at 0, as DL4J)   σ″ = 0
 * tanh      tanh z                             σ′ = 1 − t²                        σ″ = −2t(1 − t²)
 * linear    z                                  σ′ = 1                             σ″ = 0
 * gelu      ½ z (1 + tanh u),                  the tanh approximation of Hendrycks & Gimpel
 *           u = √(2/π) (z + 0.044715 z³)       (PyTorch's gelu(approximate='tanh'))
 * cubic     z + z³/3                           σ′ = 1 + z²                        σ″ = 2z
 * softplus  log(1 + eᶻ)                        σ′ = 1/(1 + e⁻ᶻ)                   σ″ = σ′(1 − σ′)
 * }</pre>
 *
 * <p>{@link #odd()} matters for collapse: σ(−z) = −σ(z) merges ±θ. Cubic has σ′ &gt; 0 and σ‴ =
 * 2 &gt; 0, the class of Gatmiry et al.'s rank-one theorem.
 */
public enum Activation {
  RELU(false),
  TANH(true),
  LINEAR(true),
  GELU(false),
  CUBIC(true),
  SOFTPLUS(false);

  /** √(2/π), the gelu approximation's constant. */
  private static final double GELU_SCALE = Math.sqrt(2 / Math.PI);
  private static final double GELU_CUBIC = 0.044715;

  private final boolean odd;

  Activation(boolean odd) {
    this.odd = odd;
  }

  /** Whether σ is odd, so that the neuron (−w, −b, −a) computes the same function as (w, b, a). */
  public boolean odd() {
    return odd;
  }

  /** Whether σ″ is zero almost everywhere (relu, linear): the Hessian's σ″ terms vanish. */
  public boolean piecewiseLinear() {
    return this == RELU || this == LINEAR;
  }

  /** σ(z). */
  public double apply(double z) {
    return switch (this) {
      case RELU -> z > 0 ? z : 0;
      case TANH -> Math.tanh(z);
      case LINEAR -> z;
      case GELU -> 0.5 * z * (1 + Math.tanh(GELU_SCALE * (z + GELU_CUBIC * z * z * z)));
      case CUBIC -> z + z * z * z / 3;
      case SOFTPLUS -> z > 30 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    };
  }

  /** σ′(z). */
  public double derivative(double z) {
    return switch (this) {
      case RELU -> z > 0 ? 1 : 0;
      case TANH -> {
        double t = Math.tanh(z);
        yield 1 - t * t;
      }
      case LINEAR -> 1;
      case GELU -> {
        double t = Math.tanh(GELU_SCALE * (z + GELU_CUBIC * z * z * z));
        double du = GELU_SCALE * (1 + 3 * GELU_CUBIC * z * z);
        yield 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * du;
      }
      case CUBIC -> 1 + z * z;
      case SOFTPLUS -> logistic(z);
    };
  }

  /** σ″(z) (0 for relu, also at its kink: not a curvature the optimiser sees). */
  public double secondDerivative(double z) {
    return switch (this) {
      case RELU, LINEAR -> 0;
      case TANH -> {
        double t = Math.tanh(z);
        yield -2 * t * (1 - t * t);
      }
      case GELU -> {
        double u = GELU_SCALE * (z + GELU_CUBIC * z * z * z);
        double t = Math.tanh(u);
        double s = 1 - t * t; // sech² u
        double du = GELU_SCALE * (1 + 3 * GELU_CUBIC * z * z);
        double d2u = GELU_SCALE * 6 * GELU_CUBIC * z;
        // σ = ½z(1 + t): σ′ = ½(1 + t) + ½z s u′, σ″ = s u′ + ½z (s u″ − 2 t s u′²)
        yield s * du + 0.5 * z * (s * d2u - 2 * t * s * du * du);
      }
      case CUBIC -> 2 * z;
      case SOFTPLUS -> {
        double p = logistic(z);
        yield p * (1 - p);
      }
    };
  }

  private static double logistic(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  /** The name used in config files and tables, e.g. {@code relu}. */
  public String label() {
    return Labels.of(this);
  }

  /** Parses a config label, case-insensitively. */
  public static Activation parse(String label) {
    return Labels.parse(Activation.class, "activation", label);
  }

  /** The allowed labels, for error messages. */
  public static String labels() {
    return Labels.all(Activation.class);
  }
}
