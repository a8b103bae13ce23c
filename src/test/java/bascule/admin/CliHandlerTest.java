package bascule.admin;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.model.CliLevel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The line protocol of a stats socket session, on an embedded channel with a recording command runner. */
class CliHandlerTest {
    private final List<String> ran = new ArrayList<>();

    private EmbeddedChannel session() {
        CliHandler.Commands echo = (command, s) -> {
            ran.add(command);
            switch (command) {
                case "prompt" -> s.togglePrompt();
                case "quit" -> s.quit();
                case "user -" -> s.omitNextLineFeed();
                default -> {
                    return "ran " + command + "\n";
                }
            }
            return "";
        };
        return new EmbeddedChannel(new CliHandler(echo, CliLevel.ADMIN, 10_000, new AtomicInteger()));
    }

    private static void send(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private static String output(EmbeddedChannel ch) {
        StringBuilder b = new StringBuilder();
        ByteBuf m;
        while ((m = ch.readOutbound()) != null) {
            b.append(m.toString(StandardCharsets.ISO_8859_1));
            m.release();
        }
        return b.toString();
    }

    @Test
    void oneLineThenClose() {
        EmbeddedChannel ch = session();
        send(ch, "show info\n");
        assertThat(output(ch)).isEqualTo("ran show info\n\n");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void semicolonsSplitCommandsAndBackslashEscapesThem() {
        EmbeddedChannel ch = session();
        send(ch, "a;b\\;c; d\r\n");
        assertThat(ran).containsExactly("a", "b\\;c", " d");
        assertThat(output(ch)).isEqualTo("ran a\n\nran b\\;c\n\nran  d\n\n");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void pipelinedLinesAllRunAndAPartialLineIsAwaited() {
        EmbeddedChannel ch = session();
        send(ch, "one\ntwo\nthr");
        assertThat(output(ch)).isEqualTo("ran one\n\nran two\n\n");
        assertThat(ch.isOpen()).isTrue();
        send(ch, "ee\n");
        assertThat(output(ch)).isEqualTo("ran three\n\n");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aCommandCutByTheClientsCloseIsNotRun() {
        EmbeddedChannel ch = session();
        send(ch, "show stat");
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(ran).isEmpty();
        assertThat(output(ch)).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void promptMakesTheSessionInteractiveUntilQuit() {
        EmbeddedChannel ch = session();
        send(ch, "prompt\n");
        assertThat(output(ch)).isEqualTo("\n> ");
        send(ch, "x\n");
        assertThat(output(ch)).isEqualTo("ran x\n\n> ");
        send(ch, "\n");
        assertThat(output(ch)).isEqualTo("ran \n\n> ");
        assertThat(ch.isOpen()).isTrue();
        send(ch, "quit\n");
        assertThat(output(ch)).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void promptAgainLeavesInteractiveMode() {
        EmbeddedChannel ch = session();
        send(ch, "prompt\n");
        output(ch);
        send(ch, "prompt\n");
        assertThat(output(ch)).isEqualTo("\n");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aDashAfterUserLeavesOutTheLineFeed() {
        EmbeddedChannel ch = session();
        send(ch, "user -;x\n");
        assertThat(output(ch)).isEqualTo("ran x\n\n");
    }

    @Test
    void anOverlongLineEndsTheSession() {
        EmbeddedChannel ch = session();
        send(ch, "x".repeat(CliHandler.MAX_LINE + 1));
        assertThat(ran).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }
}
