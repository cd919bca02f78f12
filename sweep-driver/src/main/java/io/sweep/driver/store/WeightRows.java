package io.sweep.driver.store;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.sweep.worker.net.NetworkParameters;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code weights} table, declared once: the final parameters of every ok run, one row per
 * tensor (README "Tables", docs/reading-the-store.md).
 *
 * <p>Layers are numbered from 1: hidden layers 1 … L, then the output layer L + 1. Each layer has
 * a {@code weight} tensor and, when the model has biases, a {@code bias} tensor (a model without
 * biases has none: its biases are not parameters). {@code values} holds the tensor row-major
 * (C order) with {@code shape} its dimensions: a hidden layer's weight is m × fan-in (row j holds
 * neuron j's incoming weights; fan-in d for layer 1, m deeper), the output weight k × m (row o
 * holds output o's weights), a bias is [m] or [k]. {@code trained} is false for a frozen output
 * layer ({@code model.train-output = false}).
 *
 * <p>{@code committed_at} is the {@code finished_at} of the {@code runs} row committed with these
 * rows: the {@code weights} view keeps exactly the tensors of the row the {@code runs} view counts
 * (the first committed copy of a run), so weights committed by a crashed commit that never wrote
 * its runs row, or by a second copy of a run, are never seen.
 */
public final class WeightRows {

  /** The {@code tensor} of a weight matrix. */
  public static final String WEIGHT = "weight";
  /** The {@code tensor} of a bias vector. */
  public static final String BIAS = "bias";

  /**
   * What one row is made of.
   *
   * @param sweep       the sweep
   * @param runId       the run
   * @param layer       1 … L hidden, L + 1 output
   * @param tensor      {@link #WEIGHT} or {@link #BIAS}
   * @param shape       dimensions, row-major
   * @param values      the elements in C order
   * @param trained     whether the tensor was trained
   * @param committedAt the {@code finished_at} of the run's row of the same commit
   */
  public record WeightRow(String sweep, String runId, int layer, String tensor, int[] shape,
      double[] values, boolean trained, Instant committedAt) {}

  /** One row per (run, layer, tensor) of every ok run. */
  public static final TableDef<WeightRow> WEIGHTS = TableDef.<WeightRow>named("weights")
      .required("sweep", StringType, WeightRow::sweep)
      .required("run_id", StringType, WeightRow::runId)
      .required("layer", IntegerType, WeightRow::layer)
      .required("tensor", StringType, WeightRow::tensor)
      .required("shape", DataTypes.createArrayType(IntegerType, false),
          w -> seq(Arrays.stream(w.shape()).boxed().toList()))
      .required("values", DataTypes.createArrayType(DataTypes.DoubleType, false),
          WeightRow::values) // a double[]: written unboxed by Store.appendDirect (DirectParquet)
      .required("trained", BooleanType, WeightRow::trained)
      .required("committed_at", TimestampType, w -> Timestamp.from(w.committedAt()))
      .build();

  private WeightRows() {}

  /** The rows of one run's final parameters. */
  public static List<Row> of(String sweep, String runId, NetworkParameters p, Instant committedAt) {
    List<WeightRow> rows = new ArrayList<>();
    int m = p.width();
    int k = p.outputDim();
    for (int l = 0; l < p.depth(); l++) {
      rows.add(new WeightRow(sweep, runId, l + 1, WEIGHT, new int[] {m, p.fanIn(l)},
          p.weights()[l], true, committedAt));
      if (p.bias()) {
        rows.add(new WeightRow(sweep, runId, l + 1, BIAS, new int[] {m}, p.biases()[l], true,
            committedAt));
      }
    }
    int out = p.depth() + 1;
    rows.add(new WeightRow(sweep, runId, out, WEIGHT, new int[] {k, m}, p.a(), p.trainOutput(),
        committedAt));
    if (p.bias()) {
      rows.add(new WeightRow(sweep, runId, out, BIAS, new int[] {k}, p.outputBias(),
          p.trainOutput(), committedAt));
    }
    return WEIGHTS.rows(rows);
  }

  private static scala.collection.immutable.Seq<Object> seq(List<?> values) {
    return CollectionConverters.asScala(new ArrayList<Object>(values)).toSeq();
  }
}
