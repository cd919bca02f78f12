package io.sweep.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UserErrorTest {

  @Test
  void fieldsAreShownPlainlyOrAsTheCallerNamesThem() {
    UserError e = new UserError(UserError.field("x") + " and " + UserError.field("y")
        + " are both 'lr {x}'; give two different axes");
    assertEquals("x and y are both 'lr {x}'; give two different axes", e.getMessage());
    assertEquals("--x and --y are both 'lr {x}'; give two different axes", e.message(f -> "--" + f));
  }

  @Test
  void aMessageWithoutFieldsIsUnchanged() {
    UserError e = new UserError("store /tmp/x is a file $1 \\ ");
    assertEquals("store /tmp/x is a file $1 \\ ", e.getMessage());
    assertEquals(e.getMessage(), e.message(f -> "--" + f));
  }
}
