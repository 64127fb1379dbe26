package dev.qiuth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"generate", "hash", "totp", "sign", "request", "keys", "keys add"})
    void everyCommandHasHelpWithExamples(String command) {
        Cli.Run r = Cli.run((command + " --help").split(" "));

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: qiuth " + command).contains("Examples:", "  qiuth " + command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "help"})
    void theTopLevelHelpListsTheCommandsAndExitCodes(String help) {
        Cli.Run r = Cli.run(help);

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("generate", "hash", "totp", "sign", "request", "Exit codes");
    }

    @org.junit.jupiter.api.Test
    void noCommandPrintsUsageAndExits2() {
        Cli.Run r = Cli.run();

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("Usage: qiuth");
    }
}
