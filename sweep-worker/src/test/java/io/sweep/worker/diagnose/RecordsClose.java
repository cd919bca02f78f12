package io.sweep.worker.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Asserts that two values (records, lists, numbers, anything else by equals) agree, component by
 * component, doubles to a relative tolerance (NaN only with NaN): how the packed diagnostics are
 * held against their oracle, whose sums run in another order.
 */
public final class RecordsClose {

  private RecordsClose() {}

  /** |e − a| ≤ rel · max(|e|, |a|) for every double inside, equality for everything else. */
  public static void assertClose(Object expected, Object actual, double rel, String where) {
    if (expected == null || actual == null) {
      assertEquals(expected, actual, where);
    } else if (expected instanceof Double e && actual instanceof Double a) {
      assertClose(e.doubleValue(), a.doubleValue(), rel, where);
    } else if (expected instanceof List<?> e && actual instanceof List<?> a) {
      assertEquals(e.size(), a.size(), where + ": sizes");
      for (int i = 0; i < e.size(); i++) {
        assertClose(e.get(i), a.get(i), rel, where + "[" + i + "]");
      }
    } else if (expected instanceof Record && expected.getClass() == actual.getClass()) {
      for (RecordComponent c : expected.getClass().getRecordComponents()) {
        try {
          assertClose(c.getAccessor().invoke(expected), c.getAccessor().invoke(actual), rel,
              where + "." + c.getName());
        } catch (ReflectiveOperationException ex) {
          throw new AssertionError(ex);
        }
      }
    } else {
      assertEquals(expected, actual, where);
    }
  }

  /** |e − a| ≤ rel · max(|e|, |a|); NaN only with NaN. */
  public static void assertClose(double e, double a, double rel, String where) {
    if (Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || Double.isInfinite(a)) {
      assertEquals(e, a, where);
      return;
    }
    assertTrue(Math.abs(e - a) <= rel * Math.max(Math.abs(e), Math.abs(a)),
        where + ": expected " + e + ", got " + a + " (relative tolerance " + rel + ")");
  }
}
