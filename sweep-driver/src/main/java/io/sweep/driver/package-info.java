/**
 * The Spark application and CLI of sweep: config ({@code config}), the plan of runs ({@code
 * plan}), Spark execution ({@code exec}), the Parquet store ({@code store}) and the verbs ({@code
 * cli}). Data flows one way: config → plan → exec → store.
 */
package io.sweep.driver;
