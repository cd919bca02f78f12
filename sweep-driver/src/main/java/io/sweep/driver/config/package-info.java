/**
 * Configuration, the first step of the flow: a sweep file read once into immutable records before
 * anything is planned or run. {@link io.sweep.driver.config.ConfigLoader} layers {@code --set}
 * overrides over the sweep file over {@code conf/application.conf} (the only home of defaults);
 * {@link io.sweep.driver.config.SettingsParser} validates the result into {@link
 * io.sweep.driver.config.EngineSettings} and {@link io.sweep.driver.config.SweepSettings} (axes,
 * base values, the worker's {@link io.sweep.worker.diagnose.DiagnosticsSpec}), one small parser per block
 * behind it. {@link io.sweep.driver.config.Parameter} is the registry of every setting a run
 * depends on (key, type, allowed values, column), read by validation, the plan, run ids and the
 * table schema alike.
 *
 * <p>Every problem is collected with its key, file:line and what is allowed, and all are thrown
 * together as {@link io.sweep.driver.config.ConfigProblems}, a user error (exit code 2). Unknown
 * keys get a did-you-mean from the one declaration of each block's keys. Next in the flow: {@code
 * plan} expands the settings into runs. No Spark here (an architecture test holds it); the records
 * are immutable and the parsers keep no state between calls.
 */
package io.sweep.driver.config;
