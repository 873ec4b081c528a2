package io.github.userservice.password;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("BouncyCastle's JIT shape, arranged from inside the process")
class BouncyCastleJitShapeTest {

  @Test
  @DisplayName("the compiler directives are in force once BouncyCastle hashed, as jcmd Compiler.directives_print shows")
  void directivesInForce() throws Exception {
    new BouncyCastleArgon2(0, 0).compute(64, 1, 1, new byte[16], 32, new byte[8]);

    String directives = BouncyCastleJitShape.directivesInForce();
    assertTrue(directives.contains("inline: -org/bouncycastle/crypto/generators/Argon2BytesGenerator$FillBlock.applyBlake, "
      + "+org/bouncycastle/crypto/generators/Argon2BytesGenerator.access$500, "
      + "+org/bouncycastle/crypto/generators/Argon2BytesGenerator.roundFunction"), directives);
  }
}
