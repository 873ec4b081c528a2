package io.github.userservice.support;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("The tests' own authenticator app")
class AuthenticatorTest {

  @Test
  @DisplayName("computes RFC 6238's SHA-1 vectors, and reads its secret from an otpauth:// URI in base 32")
  void rfcVectors() {
    Authenticator app = Authenticator.scanning("otpauth://totp/x:y?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=x");

    assertEquals("94287082", app.code(59 / 30, 8));
    assertEquals("07081804", app.code(1111111109L / 30, 8));
    assertEquals("14050471", app.code(1111111111L / 30, 8));
    assertEquals("89005924", app.code(1234567890L / 30, 8));
    assertEquals(app.code(1234567890L / 30, 8).substring(2), app.code(1234567890L / 30));
    assertEquals(new Authenticator("12345678901234567890".getBytes(StandardCharsets.US_ASCII)).code(7), app.code(7));
  }
}
