package io.sweep.driver.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The keys of a {@code data.type = parquet} sweep that say how to read and prepare the data set
 * ({@link DataSourceParser}); the path itself is {@link Parameter#DATA_PATH}. Read by the driver's
 * data loader, which turns them into the prepared data set and its {@link Parameter#DATA_HASH}.
 *
 * @param path         the data set: a Parquet file or a directory of them, a local path or any
 *                     Hadoop URI
 * @param features     the feature columns: several numeric columns, or one array column
 * @param label        the label columns (k of them), or with {@code oneHot} the one class column
 * @param oneHot       whether the one label column holds classes, encoded as k one-hot targets in
 *                     sorted class order
 * @param testFraction the fraction of the rows held out as the test set (without {@code testPath})
 * @param testPath     a separate test data set with the same columns, or null
 * @param splitSeed    the seed of the test split
 * @param standardize  whether features are standardised with the training pool's statistics
 * @param origins      where each key was set ({@code file:line}), by its full path
 */
public record ParquetSource(
    String path, List<String> features, List<String> label, boolean oneHot, double testFraction,
    String testPath, long splitSeed, boolean standardize, Map<String, String> origins) {

  public ParquetSource {
    Objects.requireNonNull(path, "path");
    features = List.copyOf(features);
    label = List.copyOf(label);
    origins = Map.copyOf(origins);
  }

  /** Where the key at {@code path} (e.g. {@code sweep.data.features}) was set; empty if unknown. */
  public String where(String keyPath) {
    return origins.getOrDefault(keyPath, "");
  }
}
