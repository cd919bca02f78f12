package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep.driver.CliRun;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --help} and {@code -h} on every verb registered with the CLI (read from picocli, so a new
 * verb is covered without editing this test), {@code --help} and {@code --version} on the CLI
 * itself. No Spark starts: help is printed before anything runs.
 */
class HelpTest {
  static Stream<String> verbs() {
    return Main.commandLine().getSubcommands().keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verbs")
  void everyVerbPrintsItsUsageOnHelpAndExitsZero(String verb) {
    for (String flag : new String[] {"--help", "-h"}) {
      CliRun r = CliRun.of(verb, flag);
      assertEquals(0, r.code(), verb + " " + flag + ": " + r.err());
      assertTrue(("\n" + r.out()).contains("\nUsage: sweep " + verb + " "), verb + " " + flag + ":\n" + r.out());
      assertEquals("", r.err());
    }
  }

  @Test
  void theVerbsIncludeExportAndTheHelpListsThemAll() {
    assertTrue(verbs().toList().contains("export"));
    CliRun r = CliRun.of("--help");
    assertEquals(0, r.code(), r.err());
    verbs().forEach(v -> assertTrue(r.out().contains("\n  " + v + " "), v + " missing from:\n" + r.out()));
  }

  @Test
  void versionNamesTheEngineVersion() {
    CliRun r = CliRun.of("--version");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("sweep "), r.out());
  }

  @Test
  void helpWinsOverMissingRequiredOptions() {
    CliRun r = CliRun.of("export", "--sweep", "x", "--help");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("--to=PATH"), r.out());
  }

  @Test
  void anErrorPointsToAHelpThatWorks() {
    CliRun r = CliRun.of("run");
    assertEquals(2, r.code());
    assertEquals("error: Missing required parameter: 'CONF'\nfor the usage: bin/sweep run --help\n", r.err());
  }
}
