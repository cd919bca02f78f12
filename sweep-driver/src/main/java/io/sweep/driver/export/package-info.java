/**
 * {@code bin/sweep export}: one table of one sweep, exactly as its SQL view reads it (deduplicated
 * by the {@link io.sweep.driver.store.Store} view methods, the latest computation kept by {@link
 * io.sweep.driver.phase.PhaseTables}, never here), written by Spark's own Parquet, CSV or JSON-lines
 * writer into one file.
 *
 * <p>Nothing is collected to the driver and there is no row limit. The file appears at its path
 * only once complete: Spark writes into a hidden directory next to it, and the single part file is
 * renamed into place. Not thread-safe: two exports to one path race like any two writers.
 */
package io.sweep.driver.export;
