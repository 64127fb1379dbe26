package dev.qiuth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qiuth.signature.HmacConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariableTest {
    private static final String SECRET = "hmac-secret-value-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void aValueIsTrimmedAndBlankMeansUnset() {
        assertThat(Variable.read(Map.of("QIUTH_X", " \t v a l \n"), "QIUTH_X")).hasValue(new Variable("QIUTH_X", "v a l"));
        assertThat(Variable.read(Map.of("QIUTH_X", " \t\n"), "QIUTH_X")).isEmpty();
        assertThat(Variable.read(Map.of(), "QIUTH_X")).isEmpty();
    }

    @Test
    void theFileFormIsReadTrimmedAndNamedAsSuch() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), SECRET + "\n");

        assertThat(Variable.read(Map.of("QIUTH_X_FILE", " " + file + " "), "QIUTH_X"))
                .hasValue(new Variable("QIUTH_X_FILE", SECRET));
        assertThat(Variable.read(Map.of("QIUTH_X", "", "QIUTH_X_FILE", file.toString()), "QIUTH_X")).isPresent();
    }

    @Test
    void bothFormsOrAnUnreadableFileAreRefusedWithoutTheValue() {
        assertThatThrownBy(() -> Variable.read(Map.of("QIUTH_X", SECRET, "QIUTH_X_FILE", "/x"), "QIUTH_X"))
                .hasMessage("set only one of QIUTH_X and QIUTH_X_FILE");
        Path absent = dir.resolve("absent");
        assertThatThrownBy(() -> Variable.read(Map.of("QIUTH_X_FILE", absent.toString()), "QIUTH_X"))
                .hasMessage("QIUTH_X_FILE: cannot read " + absent + " (NoSuchFileException)");
    }

    @Test
    void aDecodersErrorIsPrefixedWithTheNameNeverTheValue() {
        Variable tooShort = new Variable("QIUTH_HMAC_SECRET", "short-secret-abc");

        assertThatThrownBy(() -> tooShort.decode(HmacConfig::of)).hasMessageStartingWith("QIUTH_HMAC_SECRET: ")
                .hasMessageNotContaining("short-secret-abc");
        assertThat(new Variable("QIUTH_HMAC_SECRET", SECRET).decode(String::length)).isEqualTo(SECRET.length());
        assertThat(tooShort.toString()).isEqualTo("Variable[QIUTH_HMAC_SECRET]");
    }

    @Test
    void secondsArePositiveWholeNumbersUpToTenYears() {
        assertThat(new Variable("QIUTH_S", " 60 ").positiveSeconds()).isEqualTo(60);
        assertThatThrownBy(() -> new Variable("QIUTH_S", "soon").positiveSeconds()).hasMessage("QIUTH_S must be a whole number");
        assertThatThrownBy(() -> new Variable("QIUTH_S", "0").positiveSeconds()).hasMessage("QIUTH_S must be positive");
        assertThatThrownBy(() -> new Variable("QIUTH_S", "999999999999").positiveSeconds())
                .hasMessageStartingWith("QIUTH_S must be at most ");
    }
}
