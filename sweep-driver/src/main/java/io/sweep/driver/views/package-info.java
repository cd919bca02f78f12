/**
 * The SQL views over a store ({@link io.sweep.driver.views.StoreViews}): which tables a query sees
 * and which of their rows (each run once, the latest phase diagram and threshold). Registers temp
 * views in the store's Spark session; not thread-safe against a concurrent registration.
 */
package io.sweep.driver.views;
