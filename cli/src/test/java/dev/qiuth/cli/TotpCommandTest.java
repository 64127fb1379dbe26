package dev.qiuth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.qiuth.totp.Base32;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpCommandTest {
    static final String SHA1_SECRET = Base32.encode("12345678901234567890".getBytes(StandardCharsets.US_ASCII));
    static final String SHA256_SECRET = Base32.encode("12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII));
    static final String SHA512_SECRET = Base32.encode(
            "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII));

    /** RFC 6238 Appendix B, with the per-algorithm keys of erratum 2866. */
    @ParameterizedTest(name = "{1} at {0} -> {2}")
    @CsvSource({
        "59, SHA1, 94287082", "1111111109, SHA1, 07081804", "1111111111, SHA1, 14050471",
        "1234567890, SHA1, 89005924", "2000000000, SHA1, 69279037", "20000000000, SHA1, 65353130",
        "59, SHA256, 46119246", "1111111109, SHA256, 68084774", "1111111111, SHA256, 67062674",
        "1234567890, SHA256, 91819424", "2000000000, SHA256, 90698825", "20000000000, SHA256, 77737706",
        "59, SHA512, 90693936", "1111111109, SHA512, 25091201", "1111111111, SHA512, 99943326",
        "1234567890, SHA512, 93441116", "2000000000, SHA512, 38618901", "20000000000, SHA512, 47863826",
    })
    void agreesWithRfc6238(long time, String algorithm, String code) {
        String secret = switch (algorithm) {
            case "SHA1" -> SHA1_SECRET;
            case "SHA256" -> SHA256_SECRET;
            default -> SHA512_SECRET;
        };

        Cli.Run r = Cli.run("totp", secret, "--at", Long.toString(time), "--digits", "8", "--algorithm", algorithm);

        assertThat(r.code()).isZero();
        assertThat(r.out().lines().findFirst()).hasValue(code);
    }

    @Test
    void anIsoInstantIsTheSameTimeAsItsEpochSeconds() {
        Cli.Run iso = Cli.run("totp", SHA1_SECRET, "--at", "2009-02-13T23:31:30Z", "--digits", "8");

        assertThat(iso.out()).startsWith("89005924\n").contains("valid for 30 s more");
    }

    @Test
    void sixDigitsNowByDefaultWithTheSecondsLeft() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1111111111), ZoneOffset.UTC);

        Cli.Run r = Cli.run(Map.of(), clock, "totp", SHA1_SECRET);

        assertThat(r.out()).isEqualTo("050471\nvalid for 29 s more (at 2005-03-18T01:58:31Z)\n");
    }

    @Test
    void jsonIsStableForScripts() {
        Cli.Run r = Cli.run("totp", SHA1_SECRET, "--at", "59", "--digits", "8", "--format", "json");

        assertThat(r.out()).isEqualTo("{\n  \"code\": \"94287082\",\n  \"remainingTime\": 1,\n  \"at\": \"1970-01-01T00:00:59Z\"\n}\n");
    }

    @Test
    void theSecretComesFromTheEnvironmentOrStandardInput() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(59), ZoneOffset.UTC);

        Cli.Run env = Cli.run(Map.of("QIUTH_TOTP_SECRET", SHA1_SECRET), clock, "totp", "--digits", "8");
        Cli.Run stdin = Cli.run(Map.of(), clock, SHA1_SECRET + "\n", Cli.NO_WAIT, "totp", "-", "--digits", "8");

        assertThat(env.out()).startsWith("94287082\n");
        assertThat(stdin.out()).startsWith("94287082\n");
    }

    @Test
    void badBase32IsAClearUsageErrorThatDoesNotRepeatTheSecret() {
        Cli.Run r = Cli.run("totp", "NOT!BASE32SECRETVALUE");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("qiuth: TOTP secret is not valid base32").doesNotContain("NOT!BASE32SECRETVALUE")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingSecretOrBadTimeIsAUsageError() {
        Cli.Run missing = Cli.run("totp");
        Cli.Run badTime = Cli.run("totp", SHA1_SECRET, "--at", "yesterday");
        Cli.Run badDigits = Cli.run("totp", SHA1_SECRET, "--digits", "9");

        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("QIUTH_TOTP_SECRET");
        assertThat(badTime.code()).isEqualTo(2);
        assertThat(badTime.err()).contains("--at must be");
        assertThat(badDigits.code()).isEqualTo(2);
        assertThat(badDigits.err()).contains("digits");
    }

    @Test
    void qrPrintsTheProvisioningUriAndAScannableCode() throws Exception {
        Cli.Run r = Cli.run("totp", SHA1_SECRET, "--qr", "--issuer", "Acme", "--account", "billing@example.com");

        String uri = "otpauth://totp/Acme:billing%40example.com?secret=" + SHA1_SECRET + "&issuer=Acme";
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\n" + uri + "\n");
        String drawing = r.out().substring(r.out().indexOf(uri) + uri.length() + 1);
        assertThat(drawing).containsAnyOf("\u2580", "\u2584", "\u2588");
        assertThat(decode(drawing, false)).isEqualTo(uri);
    }

    @Test
    void qrForALightTerminalDrawsTheDarkModules() throws Exception {
        Cli.Run r = Cli.run("totp", SHA1_SECRET, "--qr", "--issuer", "Acme", "--account", "a", "--dark-on-light", "--digits", "8");

        String uri = r.out().lines().filter(l -> l.startsWith("otpauth://")).findFirst().orElseThrow();
        assertThat(uri).endsWith("&digits=8");
        assertThat(decode(r.out().substring(r.out().indexOf(uri) + uri.length() + 1), true)).isEqualTo(uri);
    }

    @Test
    void qrNeedsIssuerAndAccount() {
        Cli.Run r = Cli.run("totp", SHA1_SECRET, "--qr");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--qr needs --issuer and --account");
    }

    /** Reads the half-block drawing back into pixels, 4 per module, and decodes it with zxing. */
    static String decode(String drawing, boolean darkOnLight) throws Exception {
        String[] lines = drawing.split("\n");
        int width = lines[0].length();
        int height = lines.length * 2;
        int scale = 4;
        int[] pixels = new int[width * scale * height * scale];
        for (int row = 0; row < lines.length; row++) {
            for (int x = 0; x < width; x++) {
                char c = x < lines[row].length() ? lines[row].charAt(x) : ' ';
                boolean topInk = c == '\u2588' || c == '\u2580';
                boolean bottomInk = c == '\u2588' || c == '\u2584';
                paint(pixels, width * scale, x, row * 2, scale, topInk == darkOnLight);
                paint(pixels, width * scale, x, row * 2 + 1, scale, bottomInk == darkOnLight);
            }
        }
        RGBLuminanceSource source = new RGBLuminanceSource(width * scale, height * scale, pixels);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    private static void paint(int[] pixels, int stride, int x, int y, int scale, boolean dark) {
        for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
                pixels[(y * scale + dy) * stride + x * scale + dx] = dark ? 0xff000000 : 0xffffffff;
            }
        }
    }
}
