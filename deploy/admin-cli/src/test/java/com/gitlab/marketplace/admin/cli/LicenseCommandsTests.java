package com.gitlab.marketplace.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.gitlab.marketplace.license.format.IssuerKeys;
import com.gitlab.marketplace.license.format.LicenseFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code marketplace-admin license decode}: what support runs on a license a customer sends in. */
class LicenseCommandsTests {

    @Test
    void decodesALicenseWithThePublicKeyAndRefusesAnAlteredOne(@TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path publicKey = Files.writeString(dir.resolve("issuer.pem"), IssuerKeys.pem((RSAPublicKey) keys.getPublic()));
        String license = LicenseFile.encode("{\"version\":1,\"restrictions\":{\"plan\":\"ultimate\"}}"
                .getBytes(StandardCharsets.UTF_8), (RSAPrivateKey) keys.getPrivate(), "GitLab", LicenseFile.Secrets.random());
        Path file = Files.writeString(dir.resolve("customer.gitlab-license"), license);

        Run ok = run("license", "decode", "--public-key", publicKey.toString(), file.toString());
        assertThat(ok.exitCode).isZero();
        assertThat(ok.out).contains("\"plan\" : \"ultimate\"");

        Path altered = Files.writeString(dir.resolve("altered.gitlab-license"), license.replaceFirst("(?m)^e", "f"));
        Run refused = run("license", "decode", "--public-key", publicKey.toString(), altered.toString());
        assertThat(refused.exitCode).isEqualTo(1);
        assertThat(refused.err).contains("does not verify").doesNotContain("at com.");
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = MarketplaceAdmin.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {
    }
}
