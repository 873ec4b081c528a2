package io.github.userservice.totp;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("TOTP (RFC 6238 over RFC 4226)")
class TotpTest {

  /** The secret of both RFCs' test vectors: the ASCII digits 1 to 0, twice. */
  private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest(name = "at {0} s: {1}")
  @CsvSource({"59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924", "2000000000, 69279037",
    "20000000000, 65353130"})
  @DisplayName("RFC 6238's SHA-1 test vectors, eight digits")
  void rfc6238Vectors(long seconds, String expected) {
    assertEquals(expected, Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(seconds)), 8));
  }

  @Test
  @DisplayName("RFC 4226's HOTP test vectors, six digits, for counters 0 to 9")
  void rfc4226Vectors() {
    List<String> expected = List.of("755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489");
    assertEquals(expected, IntStream.range(0, 10).mapToObj(counter -> Totp.code(SECRET, counter)).toList());
  }

  @Test
  @DisplayName("a code is accepted in its step and one step either way, never two steps off")
  void drift() {
    Instant now = Instant.ofEpochSecond(1_234_567_890);
    long step = Totp.step(now);

    assertEquals(OptionalLong.of(step), Totp.matchingStep(SECRET, Totp.code(SECRET, step), now, Long.MIN_VALUE));
    assertEquals(OptionalLong.of(step - 1), Totp.matchingStep(SECRET, Totp.code(SECRET, step - 1), now, Long.MIN_VALUE));
    assertEquals(OptionalLong.of(step + 1), Totp.matchingStep(SECRET, Totp.code(SECRET, step + 1), now, Long.MIN_VALUE));
    assertFalse(Totp.matchingStep(SECRET, Totp.code(SECRET, step - 2), now, Long.MIN_VALUE).isPresent());
    assertFalse(Totp.matchingStep(SECRET, Totp.code(SECRET, step + 2), now, Long.MIN_VALUE).isPresent());
  }

  @Test
  @DisplayName("a step at or before the last one accepted is refused: no code twice")
  void noReplay() {
    Instant now = Instant.ofEpochSecond(1_234_567_890);
    long step = Totp.step(now);

    assertFalse(Totp.matchingStep(SECRET, Totp.code(SECRET, step), now, step).isPresent());
    assertFalse(Totp.matchingStep(SECRET, Totp.code(SECRET, step - 1), now, step).isPresent());
    assertTrue(Totp.matchingStep(SECRET, Totp.code(SECRET, step + 1), now, step).isPresent());
  }

  @Test
  @DisplayName("only six ASCII digits look like a code")
  void shape() {
    assertTrue(Totp.looksLikeCode("012345"));
    assertFalse(Totp.looksLikeCode("12345"));
    assertFalse(Totp.looksLikeCode("1234567"));
    assertFalse(Totp.looksLikeCode("12345a"));
    assertFalse(Totp.looksLikeCode("١٢٣٤٥٦"), "Arabic-Indic digits are digits to Java, not to an authenticator");
  }

  @Test
  @DisplayName("base 32 round-trips, and reads the RFC 4648 test vector")
  void base32() {
    assertEquals("MZXW6YTBOI", Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("foobar", new String(Base32.decode("mzxw 6ytb oi"), StandardCharsets.US_ASCII));
    assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Base32.encode(SECRET));
  }
}
