package io.sweep.driver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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

  @Test
  void theDriverPackagesHaveNoCycle() {
    slices().matching("io.sweep.driver.(*)..").should().beFreeOfCycles().check(driver);
  }
}
