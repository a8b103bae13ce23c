package bascule.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CliArgsTest {
    @Test
    void wordsAreSplitOnBlanksAndBackslashKeepsTheNextCharacter() {
        assertThat(CliArgs.split("  set server\tbe/s1  state drain ")).containsExactly("set", "server", "be/s1",
                "state", "drain");
        assertThat(CliArgs.split("get weight a\\ b/c\\;d\\\\e")).containsExactly("get", "weight", "a b/c;d\\e");
        assertThat(CliArgs.split("")).isEmpty();
    }
}
