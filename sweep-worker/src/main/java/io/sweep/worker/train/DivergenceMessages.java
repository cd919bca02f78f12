package io.sweep.worker.train;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * The divergence messages of every trainer (the reference {@link Trainer} and the pack trainer),
 * in one place so that a replica's {@code error} equals the reference run's word for word.
 * Stateless.
 */
public final class DivergenceMessages {

  private DivergenceMessages() {}

  /** The minibatch loss (DL4J's {@code score()}) was not finite. */
  public static String nonFiniteMinibatchLoss(double batchLoss, long step) {
    return "non-finite minibatch loss (" + batchLoss + ") at step " + step;
  }

  /** The full training loss was not finite (at step 0: the initial network). */
  public static String nonFiniteTrainingLoss(double loss, long step) {
    return "non-finite training loss (" + loss + ") at step " + step;
  }

  /** The full training loss exceeded the divergence factor times the initial loss. */
  public static String exceeded(double loss, double factor, double initial, long step) {
    return "training loss " + format(loss) + " exceeded " + format(factor)
        + " × initial loss " + format(initial) + " at step " + step;
  }

  /** Three significant digits: 1.02, 1000, 3.2e+05, 1.5e-07; NaN and Infinity as Java prints. */
  public static String format(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e5) {
      return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
    String s = String.format(Locale.ROOT, "%.2e", v);
    int e = s.indexOf('e');
    String mantissa = s.substring(0, e);
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return mantissa + s.substring(e);
  }
}
