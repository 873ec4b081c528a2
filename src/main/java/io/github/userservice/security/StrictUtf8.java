package io.github.userservice.security;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text from a client's bytes, decoded as UTF-8 strictly: malformed sequences, overlong forms and encoded surrogates
 * are refused rather than replaced. Lenient decoders (Jackson's own, {@code new String(bytes, UTF_8)}) accept or
 * replace them, so that two byte strings could read as one login or one password.
 */
public final class StrictUtf8 {

  private StrictUtf8() {
  }

  /** @throws CharacterCodingException when the bytes are not valid UTF-8 */
  public static String decode(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT)
      .decode(ByteBuffer.wrap(bytes))
      .toString();
  }
}
