/**
 * A user's data set on the driver ({@code data.type = parquet}): read once per sweep with Spark,
 * validated (every problem a located {@link io.sweep.driver.data.DataSetError}), converted to the
 * dense arrays of an {@link io.sweep.worker.data.ProvidedDataSet}, whose content hash completes the
 * sweep's settings ({@link io.sweep.driver.data.DataSets#resolve}); shipped to the executors once
 * per sweep as a Spark broadcast ({@link io.sweep.driver.data.DataSets#broadcast}).
 */
package io.sweep.driver.data;
