package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vectors made by pyca/bcrypt 3.2.2 (Debian 12's python3-bcrypt, OpenBSD's C code), each with the command that made
 * it, e.g. {@code python3 -c 'import bcrypt; print(bcrypt.hashpw(b"correct horse battery", bcrypt.gensalt(4, b"2a")).decode())'}.
 */
@DisplayName("bcrypt hashes of other systems")
class ImportedBcryptTest {

  private static final String PASSWORD = "correct horse battery";
  /** 72 bytes, then a tail that bcrypt never reads. */
  private static final String FIRST_72_BYTES = "0123456789".repeat(7) + "ab";
  private static final String LONG = FIRST_72_BYTES + "-this tail is past byte 72";

  private final StoredHashes hashes = new StoredHashes(ServiceConfig.fromJson(new JsonObject()).imports());

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    // bcrypt.hashpw(b"correct horse battery", bcrypt.gensalt(4, b"2a"))
    "$2a$04$H7/fPk5dlsqL/A60S0BeQ.BRaZOlncA39ekn1H9GZ0qnQweSwlWMy",
    // bcrypt.hashpw(b"correct horse battery", bcrypt.gensalt(4, b"2b"))
    "$2b$04$hdiskD8tbvvJgNLvbEq5M.Ga3KjHjSQZPlSq9pZjH88VPFqD.w.sG",
    // bcrypt.hashpw(b"correct horse battery", b"$2y$" + bcrypt.gensalt(5)[4:])   (pyca reads $2y$ as $2b$ and keeps the prefix)
    "$2y$05$HjXwTxaJcFcPOnZwZf7RbOSJyNqANuPcAZdeL.KZrg5f65Ga2WPHa",
    // bcrypt.hashpw(b"correct horse battery", bcrypt.gensalt(10))   (a realistic cost)
    "$2b$10$Xjq/qPOcphL0.B.YI6q5AePBv.UZR14AJI1nbibMMIYW.Qx0mLk5a"})
  @DisplayName("hashes made by pyca/bcrypt verify with their password and not with another")
  void referenceVectors(String stored) {
    assertTrue(hashes.verify(stored, PASSWORD));
    assertFalse(hashes.verify(stored, PASSWORD + "x"));
    assertFalse(hashes.verify(stored, "correct horse batterY"));
  }

  @Test
  @DisplayName("a non-ASCII password is hashed as its UTF-8 bytes")
  void utf8() {
    // bcrypt.hashpw("пароль 🔑 çé".encode(), bcrypt.gensalt(4))
    String stored = "$2b$04$/JJRSG.O0CHDSbHHMtJDDue2CEYIMAHFEIrG7G/qXY9Gfcwdo49Fi";

    assertTrue(hashes.verify(stored, "пароль 🔑 çé"));
    assertFalse(hashes.verify(stored, "пароль 🔑 ce"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    // bcrypt.hashpw(LONG.encode(), bcrypt.gensalt(4, b"2a"))
    "$2a$04$mOgwaWxPzh9H6o8FlC8QIOF/1NX2Kfbex8Sr5k30ph0KnBydm9IzG",
    // bcrypt.hashpw(LONG.encode(), bcrypt.gensalt(4, b"2b"))
    "$2b$04$8D00Y0GDIm4tXtnzWlBSu.QjdmNyJ/AvOR6rpA8SSMGkL79rR3zea"})
  @DisplayName("of a password longer than 72 bytes only the first 72 count, as in the reference (checkpw agrees on each)")
  void first72Bytes(String stored) {
    assertTrue(hashes.verify(stored, LONG));
    assertTrue(hashes.verify(stored, FIRST_72_BYTES + " another tail"));
    assertTrue(hashes.verify(stored, FIRST_72_BYTES));
    assertFalse(hashes.verify(stored, FIRST_72_BYTES.substring(0, 71)));
  }

  @Test
  @DisplayName("the 72-byte cut falls between bytes, not characters, as in the reference")
  void cutInsideACharacter() {
    // bcrypt.hashpw(("a" * 71 + "é").encode(), bcrypt.gensalt(4)): é is C3 A9, its second byte is the 73rd
    String stored = "$2b$04$tLgnzWNVlVQ3D4v.eGEkHe8QvxUr2JroNOmxb4ThiCnORutCA6aq.";

    assertTrue(hashes.verify(stored, "a".repeat(71) + "é"));
    assertTrue(hashes.verify(stored, "a".repeat(71) + "è"), "è is C3 A8: the same first byte");
    assertFalse(hashes.verify(stored, "a".repeat(71)));
  }
}
