package io.sweep.driver.phase;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * 95% confidence intervals for the three aggregations. Each returns {@code {low, high}}; with no
 * observations both are NaN, with one observation of a mean or median both equal the value (no
 * spread can be estimated; the seed count in the table says so).
 */
public final class Intervals {
  /** Two-sided 95% normal quantile. */
  static final double Z95 = 1.959963984540054;
  /** Bootstrap resamples for the median; the percentile interval's error is ~1/sqrt of this. */
  static final int BOOTSTRAP_RESAMPLES = 2000;

  private Intervals() {}

  /**
   * Wilson score interval of a binomial proportion (Wilson 1927): well-behaved at 0 and n, unlike
   * the normal approximation.
   */
  public static double[] wilson(int successes, int n) {
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double p = (double) successes / n;
    double z2 = Z95 * Z95;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  /** Student-t interval of a mean: mean ± t(0.975, n−1)·s/√n. */
  public static double[] studentT(double[] values) {
    int n = values.length;
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double mean = mean(values);
    if (n == 1) {
      return new double[] {mean, mean};
    }
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    double se = Math.sqrt(ss / (n - 1) / n);
    double t = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975);
    return new double[] {mean - t * se, mean + t * se};
  }

  /**
   * Percentile-bootstrap interval of the median, {@value #BOOTSTRAP_RESAMPLES} resamples drawn
   * with a fixed seed derived from the data, so the same cell always gets the same interval.
   */
  public static double[] bootstrapMedian(double[] values) {
    int n = values.length;
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    SplittableRandom random = new SplittableRandom(Arrays.hashCode(values));
    double[] medians = new double[BOOTSTRAP_RESAMPLES];
    double[] sample = new double[n];
    for (int b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
      for (int i = 0; i < n; i++) {
        sample[i] = values[random.nextInt(n)];
      }
      medians[b] = median(sample);
    }
    Arrays.sort(medians);
    return new double[] {
      medians[(int) Math.floor(0.025 * (BOOTSTRAP_RESAMPLES - 1))],
      medians[(int) Math.ceil(0.975 * (BOOTSTRAP_RESAMPLES - 1))]
    };
  }

  /** Arithmetic mean (NaN when empty). */
  public static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.length == 0 ? Double.NaN : sum / values.length;
  }

  /** Median (mean of the two middle values for an even count; NaN when empty). Sorts a copy. */
  public static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
