package com.gitlab.marketplace.license.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The license file GitLab self-managed instances import (API.md §7, the format of the MIT-licensed
 * {@code gitlab-license} library): the JSON attributes encrypted with AES-128-CBC under a random key and
 * IV; the AES key encrypted with the issuer's RSA <em>private</em> key (PKCS#1 v1.5 type 1, as OpenSSL's
 * {@code private_encrypt}), so only the public key is needed to read it and only the private key can make
 * it; {@code {"data","key","iv"}} (each Ruby-base64) as JSON, Ruby-base64 again, between
 * {@code BEGIN/END <PRODUCT> LICENSE} boundary lines padded with dashes to 60 characters.
 */
public final class LicenseFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BOUNDARY_WIDTH = 60;

    /** The AES key and IV of one encryption: random in production, fixed in the test vector. */
    public record Secrets(byte[] aesKey, byte[] iv) {

        public static Secrets random() {
            SecureRandom random = new SecureRandom();
            byte[] key = new byte[16];
            byte[] iv = new byte[16];
            random.nextBytes(key);
            random.nextBytes(iv);
            return new Secrets(key, iv);
        }
    }

    private LicenseFile() {
    }

    /** The license file of {@code attributes} (the JSON payload), for {@code product} (e.g. GitLab). */
    public static String encode(byte[] attributes, RSAPrivateKey issuerKey, String product, Secrets secrets) {
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(secrets.aesKey(), "AES"), new IvParameterSpec(secrets.iv()));
            byte[] data = aes.doFinal(attributes);
            // With the private key, the JDK's RSA cipher pads as PKCS#1 v1.5 block type 1: OpenSSL's private_encrypt.
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.ENCRYPT_MODE, issuerKey);
            byte[] key = rsa.doFinal(secrets.aesKey());
            ObjectNode envelope = JSON.createObjectNode()
                    .put("data", RubyBase64.encode64(data))
                    .put("key", RubyBase64.encode64(key))
                    .put("iv", RubyBase64.encode64(secrets.iv()));
            String body = RubyBase64.encode64(JSON.writeValueAsBytes(envelope));
            return boundary("BEGIN", product) + "\n" + body + boundary("END", product) + "\n";
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot encrypt the license", e);
        }
    }

    /**
     * The JSON attributes of a license file, read with the issuer's public key.
     *
     * @throws InvalidLicenseException when the file is not a license of this key (altered, truncated, another key)
     */
    public static byte[] decode(String file, RSAPublicKey issuerKey) {
        try {
            JsonNode envelope = JSON.readTree(RubyBase64.decode64(stripBoundaries(file)));
            if (envelope == null || !envelope.hasNonNull("data") || !envelope.hasNonNull("key")
                    || !envelope.hasNonNull("iv")) {
                throw new InvalidLicenseException("not a license file: data, key or iv missing");
            }
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.DECRYPT_MODE, issuerKey);
            byte[] aesKey = rsa.doFinal(RubyBase64.decode64(envelope.get("key").asText()));
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"),
                    new IvParameterSpec(RubyBase64.decode64(envelope.get("iv").asText())));
            byte[] attributes = aes.doFinal(RubyBase64.decode64(envelope.get("data").asText()));
            JSON.readTree(attributes); // must be the JSON attributes, not noise that happened to unpad
            return attributes;
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new InvalidLicenseException("the license does not verify with this public key: " + e.getMessage());
        }
    }

    private static String boundary(String edge, String product) {
        String text = " " + edge + " " + product.toUpperCase(Locale.ROOT) + " LICENSE ";
        int dashes = Math.max(0, BOUNDARY_WIDTH - text.length());
        return "-".repeat(dashes / 2) + text + "-".repeat(dashes - dashes / 2);
    }

    private static String stripBoundaries(String file) {
        StringBuilder body = new StringBuilder();
        for (String line : file.split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty() && !(trimmed.startsWith("--") && trimmed.contains("LICENSE"))) {
                body.append(trimmed).append('\n');
            }
        }
        return body.toString();
    }

    /** A file that is not a license made with the matching private key. */
    public static final class InvalidLicenseException extends RuntimeException {
        public InvalidLicenseException(String message) {
            super(message);
        }
    }
}
