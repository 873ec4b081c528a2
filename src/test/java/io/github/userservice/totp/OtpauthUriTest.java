package io.github.userservice.totp;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("otpauth:// URIs for authenticator apps")
class OtpauthUriTest {

  @Test
  @DisplayName("issuer and login are percent-encoded in the label and the parameters, the defaults spelled out")
  void encoded() {
    String uri = OtpauthUri.of("ACME Co: Login", "alice+2fa@example.com", "JBSWY3DPEHPK3PXP");

    assertEquals("otpauth://totp/ACME%20Co%3A%20Login:alice%2B2fa%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co%3A%20Login"
      + "&algorithm=SHA1&digits=6&period=30", uri);
    URI parsed = URI.create(uri);
    assertEquals("/ACME Co: Login:alice+2fa@example.com", parsed.getPath(), "a standard parser reads the label back");
  }

  @Test
  @DisplayName("non-ASCII letters are UTF-8 bytes, percent-encoded")
  void unicode() {
    assertEquals("%C3%A9lise", OtpauthUri.encode("élise"));
    assertEquals("a-b.c_d~", OtpauthUri.encode("a-b.c_d~"));
  }
}
