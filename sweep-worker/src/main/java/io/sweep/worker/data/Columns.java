package io.sweep.worker.data;

/** Column statistics of a row-major matrix of doubles (labels n × k, features n × d). */
public final class Columns {

  private Columns() {}

  /**
   * The mean and the population variance (divided by the row count) of one column, in that
   * order: summed in row order, the mean first, then the squared deviations from it.
   *
   * @param rowMajor the matrix, rows × {@code columns}
   * @param columns  its width, ≥ 1
   * @param column   which column, 0 … columns − 1
   */
  public static double[] meanAndVariance(double[] rowMajor, int columns, int column) {
    int rows = rowMajor.length / columns;
    double mean = 0;
    for (int i = 0; i < rows; i++) {
      mean += rowMajor[i * columns + column];
    }
    mean /= rows;
    double ss = 0;
    for (int i = 0; i < rows; i++) {
      double e = rowMajor[i * columns + column] - mean;
      ss += e * e;
    }
    return new double[] {mean, ss / rows};
  }
}
