package io.sweep.driver.cli;

import picocli.CommandLine.Option;

/**
 * Option blocks that several verbs share, as picocli mixins: one declaration (name, label, help
 * text) per flag, so the verbs cannot drift apart. {@link CommonOptions} holds those of every verb.
 */
final class Options {
  private Options() {}

  /** {@code --sweep NAME}: the stored sweep a verb reads. */
  static final class SweepName {
    @Option(names = "--sweep", required = true, paramLabel = "NAME", description = "The sweep (already in the store).")
    String sweep;
  }

  /** {@code --quiet}: no progress bar. */
  static final class Quiet {
    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;
  }

  /** {@code --format}: how a result table is printed. */
  static final class Format {
    @Option(names = "--format", paramLabel = "FORMAT", description = "Printed table: table, csv or json (default: ${DEFAULT-VALUE}).")
    TableOutput.Format format = TableOutput.Format.table;
  }

  /** {@code --agg}: the aggregation over seeds of a cell. */
  static final class Agg {
    @Option(names = "--agg", paramLabel = "AGG",
        description = "mean, median or fraction (default: fraction for a boolean metric, mean otherwise).")
    String agg;
  }
}
