package dev.berth.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A private key and its certificate chain, the key's own certificate first.
 *
 * @param key the private key
 * @param chain the certificates, never empty
 */
public record KeyMaterial(PrivateKey key, List<X509Certificate> chain) {
  /** The password of the in-memory key store {@link #keyStore()} builds; it protects nothing. */
  public static final String KEY_STORE_PASSWORD = "berth-in-memory";

  private static final String ALIAS = "berth";

  public KeyMaterial {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain needs at least one certificate");
    }
  }

  /** The certificate of the key. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** Whether the key belongs to the first certificate (checked by a signature it verifies). */
  public boolean keyMatches() {
    return matches(key, certificate().getPublicKey());
  }

  /** An in-memory PKCS#12 key store holding the key and the chain under one alias. */
  public KeyStore keyStore() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(
          ALIAS, key, KEY_STORE_PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
      return ks;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TlsException("failed to build a key store: " + e.getMessage(), e);
    }
  }

  /** Whether both hold the same key and the same certificates. */
  public boolean sameAs(KeyMaterial other) {
    if (!Arrays.equals(key.getEncoded(), other.key.getEncoded())
        || chain.size() != other.chain.size()) {
      return false;
    }
    try {
      for (int i = 0; i < chain.size(); i++) {
        if (!Arrays.equals(chain.get(i).getEncoded(), other.chain.get(i).getEncoded())) {
          return false;
        }
      }
      return true;
    } catch (CertificateEncodingException e) {
      return false;
    }
  }

  /**
   * Signs random bytes with {@code key} and verifies them with {@code publicKey}: true only when
   * they are the two halves of one key pair (RSA, EC, Ed25519 or Ed448).
   */
  static boolean matches(PrivateKey key, PublicKey publicKey) {
    String algorithm =
        switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "ED25519", "EDDSA" -> "Ed25519";
          case "ED448" -> "Ed448";
          default -> "";
        };
    return !algorithm.isEmpty() && verify(key, publicKey, algorithm);
  }

  private static boolean verify(PrivateKey key, PublicKey publicKey, String algorithm) {
    try {
      byte[] data = new byte[32];
      new SecureRandom().nextBytes(data);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(data);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
