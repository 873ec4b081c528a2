package io.github.userservice.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import javax.net.ssl.KeyManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * A PEM certificate chain and private key as Vert.x TLS options, through the JDK's key manager over a key store that
 * lives only in memory. Vert.x's {@code PemKeyCertOptions} turns the same PEM into a PKCS #12 store whose key it
 * protects with PBKDF2 at 10,000 iterations, which the key manager then undoes: on a fresh JVM, on 2 cores, 0.3-0.4 s
 * on the way to the first listening socket, protecting nothing, since the store never leaves the process. A JKS
 * store protects its key with one SHA-1 pass instead. Keys in PKCS #8, PKCS #1 (RSA) and SEC 1 (EC) PEM, as
 * BouncyCastle's {@link PEMParser} reads them; not encrypted ones.
 */
final class PemKeyManager {

  private static final char[] IN_MEMORY = "in-memory only".toCharArray();

  private PemKeyManager() {
  }

  /** Blocking (parsing, key conversion): call it from a worker thread. */
  static KeyCertOptions keyCertOptions(Buffer certificatePem, Buffer privateKeyPem) {
    try {
      Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(certificatePem.getBytes()));
      if (chain.isEmpty()) {
        throw new IllegalStateException("the TLS certificate file holds no PEM certificate");
      }
      KeyStore store = KeyStore.getInstance("JKS");
      store.load(null, null);
      store.setKeyEntry("server", privateKey(privateKeyPem), IN_MEMORY, chain.toArray(Certificate[]::new));
      KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      managers.init(store, IN_MEMORY);
      return KeyCertOptions.wrap(managers);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the TLS certificate and private key cannot be used together: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Buffer pem) throws IOException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem.toString(StandardCharsets.US_ASCII)))) {
      // an EC key from openssl may come after its EC PARAMETERS block: skip whatever is not a key
      for (Object read = parser.readObject(); read != null; read = parser.readObject()) {
        if (read instanceof PrivateKeyInfo pkcs8) {
          return converter.getPrivateKey(pkcs8);
        }
        if (read instanceof PEMKeyPair traditional) {
          return converter.getPrivateKey(traditional.getPrivateKeyInfo()); // a SEC 1 key may come without its public key
        }
      }
    }
    throw new IllegalStateException("the TLS private key file holds no unencrypted PEM private key");
  }
}
