package io.github.userservice.totp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts TOTP secrets for the database with AES-256-GCM under a key kept outside it (the sessions key file): a copy
 * of the database alone (a backup, an export of the table) gives nobody a second factor. Each secret gets a random
 * 96-bit nonce, and the login is the additional authenticated data, so a ciphertext moved to another user's row does
 * not decrypt. Stored as {@code v1:} and base64 of nonce, ciphertext and tag; the version leaves room for another key.
 * Thread-safe.
 */
public final class SecretCipher {

  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random;

  /** @param key 32 bytes */
  public SecretCipher(byte[] key, SecureRandom random) {
    if (key.length != 32) {
      throw new IllegalArgumentException("AES-256 needs a key of 32 bytes");
    }
    this.key = new SecretKeySpec(key, "AES");
    this.random = random;
  }

  public String encrypt(byte[] secret, String login) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, login, secret);
    return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
  }

  /** @throws IllegalStateException when the text was not made by this key for this login, or was altered */
  public byte[] decrypt(String stored, String login) {
    if (!stored.startsWith(PREFIX)) {
      throw new IllegalStateException("a TOTP secret in an unknown format");
    }
    byte[] bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    byte[] nonce = new byte[NONCE_BYTES];
    buffer.get(nonce);
    byte[] sealed = new byte[buffer.remaining()];
    buffer.get(sealed);
    return run(Cipher.DECRYPT_MODE, nonce, login, sealed);
  }

  private byte[] run(int mode, byte[] nonce, String login, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(("user-service totp secret|" + login).getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      // a wrong key, another login, or altered bytes: GCM's tag does not match
      throw new IllegalStateException("the TOTP secret does not decrypt with this key for this login", e);
    }
  }
}
