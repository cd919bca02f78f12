package io.sweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The CSV of {@code sql --format csv} (no Spark: rows made by hand). */
class TableOutputTest {
  @Test
  void csvLinesEndInNewlineAndFieldsAreQuotedAsRfc4180() {
    StringWriter text = new StringWriter();
    TableOutput.printCsv(new String[] {"lr", "error"},
        List.<Row>of(RowFactory.create(0.05, null), RowFactory.create(0.2, "loss \"Infinity\", at step 12")),
        new PrintWriter(text));
    assertEquals("lr,error\n0.05,\n0.2,\"loss \"\"Infinity\"\", at step 12\"\n", text.toString());
  }
}
