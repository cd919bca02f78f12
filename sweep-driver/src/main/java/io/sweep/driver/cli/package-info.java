/**
 * {@code bin/sweep}: the verbs users type, one picocli command object per verb ({@code run},
 * {@code plan}, {@code sql}, {@code phase}, ...), the outermost layer of the flow and the only
 * place that knows flag names. A verb parses its arguments, loads the configuration through
 * {@code config} (flags override config values, never redefine them), calls the layers below and
 * prints; it keeps no state between invocations.
 *
 * <p>{@link io.sweep.driver.cli.Main} maps every outcome to an exit code in one place: 0 success, 2
 * a {@link io.sweep.driver.UserError} (message only), 1 a bug (stack trace with {@code --debug},
 * always in the log file). Spark's and DL4J's logging goes to one file per invocation, never to the
 * terminal; the progress bar and tables go to the terminal.
 */
package io.sweep.driver.cli;
