package io.sweep.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValuesTest {

  /** The value of {@code x} in a one-line HOCON text, as the parser sees it in a sweep file. */
  private static ConfigValue hocon(String value) {
    return ConfigFactory.parseString("x = " + value).getValue("x");
  }

  private static String canonicalDouble(String hocon) {
    return Values.canonical(Values.convert(hocon(hocon), Parameter.Type.DOUBLE).orElseThrow());
  }

  @Test
  void oneNumberHasOneCanonicalTextHoweverItIsSpelt() {
    assertEquals("0.001", canonicalDouble("0.001"));
    assertEquals("0.001", canonicalDouble("1e-3"));
    assertEquals("0.001", canonicalDouble("1E-3"));
    assertEquals("0.001", canonicalDouble("0.0010"));
    assertEquals("0.001", canonicalDouble("\"0.001\""));
    assertEquals("0.001", canonicalDouble("\" 1e-3 \""));
  }

  @Test
  void canonicalTextHasNoTrailingZerosExponentsOrSignedZero() {
    assertEquals("2", Values.canonical(2.0));
    assertEquals("0", Values.canonical(0.0));
    assertEquals("0", Values.canonical(-0.0));
    assertEquals("-0.5", Values.canonical(-0.5));
    assertEquals("0.0000001", Values.canonical(1e-7));
    assertEquals("1000000000000000000000", Values.canonical(1e21));
    assertEquals("1000", canonicalDouble("1e3"));
  }

  @Test
  void canonicalTextKeepsDistinctDoublesDistinct() {
    assertEquals("0.30000000000000004", Values.canonical(0.1 + 0.2));
    assertEquals("0.3", Values.canonical(0.3));
  }

  @Test
  void canonicalTextOfOtherTypesIsTheirPlainText() {
    assertEquals("5", Values.canonical(5));
    assertEquals("3000000000", Values.canonical(3_000_000_000L));
    assertEquals("true", Values.canonical(true));
    assertEquals("relu", Values.canonical("relu"));
  }

  @Test
  void integersAcceptExactIntegralNumbersOnly() {
    assertEquals(Optional.of(1000), Values.convert(hocon("1e3"), Parameter.Type.INT));
    assertEquals(Optional.of(32), Values.convert(hocon("32.0"), Parameter.Type.INT));
    assertEquals(Optional.of(12), Values.convert(hocon("\"12\""), Parameter.Type.INT));
    assertEquals(Optional.empty(), Values.convert(hocon("3.5"), Parameter.Type.INT));
    assertEquals(Optional.empty(), Values.convert(hocon("abc"), Parameter.Type.INT));
    assertEquals(Optional.empty(), Values.convert(hocon("true"), Parameter.Type.INT));
    assertEquals(Optional.empty(), Values.convert(hocon("3e9"), Parameter.Type.INT));
    assertEquals(Optional.of(3_000_000_000L), Values.convert(hocon("3e9"), Parameter.Type.LONG));
    assertEquals(Optional.empty(), Values.convert(hocon("1e20"), Parameter.Type.LONG));
  }

  @Test
  void numbersAcceptIntegersAndNumericStrings() {
    assertEquals(Optional.of(1.0), Values.convert(hocon("1"), Parameter.Type.DOUBLE));
    assertEquals(Optional.of(0.5), Values.convert(hocon("\"0.5\""), Parameter.Type.DOUBLE));
    assertEquals(Optional.empty(), Values.convert(hocon("fast"), Parameter.Type.DOUBLE));
    assertEquals(Optional.empty(), Values.convert(hocon("true"), Parameter.Type.DOUBLE));
    assertEquals(Optional.empty(), Values.convert(hocon("[1]"), Parameter.Type.DOUBLE));
  }

  @Test
  void booleansAcceptHoconsBooleanWords() {
    assertEquals(Optional.of(true), Values.convert(hocon("true"), Parameter.Type.BOOLEAN));
    assertEquals(Optional.of(true), Values.convert(hocon("yes"), Parameter.Type.BOOLEAN));
    assertEquals(Optional.of(false), Values.convert(hocon("off"), Parameter.Type.BOOLEAN));
    assertEquals(Optional.empty(), Values.convert(hocon("1"), Parameter.Type.BOOLEAN));
    assertEquals(Optional.empty(), Values.convert(hocon("maybe"), Parameter.Type.BOOLEAN));
  }

  @Test
  void stringsAcceptOnlyStrings() {
    assertEquals(Optional.of("relu"), Values.convert(hocon("relu"), Parameter.Type.STRING));
    assertEquals(Optional.empty(), Values.convert(hocon("1"), Parameter.Type.STRING));
    assertEquals(Optional.empty(), Values.convert(hocon("{a = 1}"), Parameter.Type.STRING));
  }

  @Test
  void anOriginReadsFileColonLineOrTheSetArgument() {
    ConfigValue fromSet =
        ConfigFactory.parseString(
                "sweep.train.steps=500",
                ConfigParseOptions.defaults().setOriginDescription("--set sweep.train.steps=500"))
            .getValue("sweep.train.steps");
    ConfigValue fromString =
        ConfigFactory.parseString("a = 1\nb = 2", ConfigParseOptions.defaults().setOriginDescription("text"))
            .getValue("b");

    assertEquals("--set sweep.train.steps=500", Values.describe(fromSet.origin()));
    assertEquals("text: 2", Values.describe(fromString.origin()));
    assertEquals("", Values.describe(null));
  }
}
