package dev.qiuth.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the guided demo's console text the way a user copies from it. */
record GuidedOutput(String text) {
    private static final Pattern KEY_HEADER = Pattern.compile("'X-API-Key: ([^']+)'");

    /** The key of the n-th printed curl command: basic, with-ip, with-totp. */
    String curlKey(int n) {
        Matcher m = KEY_HEADER.matcher(text);
        List<String> keys = new ArrayList<>();
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys.get(n);
    }

    String totpCode() {
        return find("'X-TOTP-Token: (\\d{6})'");
    }

    /** The value of an {@code export NAME='value'} line. */
    String export(String name) {
        return find("export " + name + "='([^']+)'");
    }

    Path privateKeyPath() {
        return Path.of(find("QIUTH_PRIVATE_KEY=\"\\$\\(cat '([^']+)'\\)\""));
    }

    String privateKeyPem() throws IOException {
        return Files.readString(privateKeyPath());
    }

    private String find(String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("the guided output has no " + regex + ":\n" + text);
        }
        return m.group(1);
    }
}
