package io.sweep.driver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The driver's package structure (docs/architecture.md), checked on the compiled classes: reading a
 * sweep file and planning it need no Spark (so both are unit-testable and usable from a notebook
 * without a session), and the packages have no cycle.
 */
class ArchitectureTest {

  private static JavaClasses driver;

  @BeforeAll
  static void importClasses() {
    driver = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.sweep.driver");
  }

  @Test
  void configAndPlanAreFreeOfSpark() {
    noClasses().that().resideInAnyPackage("io.sweep.driver.config..", "io.sweep.driver.plan..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
        .check(driver);
  }

  /**
   * Command-line flags are the CLI's vocabulary: below it, errors name request fields
   * ({@code UserError.field}) and the CLI shows its flags. The one exception is the origin of
   * {@code --set} values in config messages, which are command-line text by nature.
   */
  @Test
  void noCommandLineFlagIsNamedOutsideTheCli() throws IOException {
    Pattern flagInLiteral = Pattern.compile("\"[^\"\\n]*(?<![\\w-])--[a-z][^\"\\n]*\"");
    List<String> found = new ArrayList<>();
    Path main = Path.of("src/main/java/io/sweep/driver");
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (f.startsWith(main.resolve("cli")) || f.endsWith("config/ConfigLoader.java")) {
          continue;
        }
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (!line.startsWith("*") && !line.startsWith("//") && flagInLiteral.matcher(line).find()) {
            found.add(main.relativize(f) + ":" + (i + 1) + ": " + line);
          }
        }
      }
    }
    assertEquals(List.of(), found, "flag names outside cli/; name the field with UserError.field");
  }

  @Test
  void theDriverPackagesHaveNoCycle() {
    slices().matching("io.sweep.driver.(*)..").should().beFreeOfCycles().check(driver);
  }
}
