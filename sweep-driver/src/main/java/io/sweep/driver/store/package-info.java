/**
 * The store: the Parquet tables a sweep's results land in, under one root directory (a local path
 * or any Hadoop file system URI), each table a directory partitioned by {@code sweep}. {@link
 * io.sweep.driver.store.Tables} declares every table's schema once; writer, reader, SQL views and
 * tests all use it. {@link io.sweep.driver.store.Store} appends through its commit protocol (a
 * private staging directory, then one rename per file, so readers never see a partial row set),
 * reads with the declared schemas (older files show nulls for newer columns) and registers the
 * SQL views ({@code runs}, {@code trajectories}, {@code sweeps}, {@code sweep_log}, {@code phases},
 * {@code thresholds}).
 *
 * <p>Place in the flow: {@code exec} turns the worker's results into rows here; {@code phase},
 * {@code refine}, {@code export} and the notebooks read them back. {@link
 * io.sweep.driver.store.StoredSweepCheck} refuses to extend a stored sweep with runs of another
 * meaning, and {@link io.sweep.driver.store.StoreErrors} turns a corrupt or foreign file into a
 * user error that names it. Appends are safe with concurrent writers; a {@code Store} holds a
 * SparkSession and is used from the driver thread.
 */
package io.sweep.driver.store;
