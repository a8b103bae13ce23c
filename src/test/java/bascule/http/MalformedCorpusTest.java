package bascule.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every corpus case through the client-side codec in an EmbeddedChannel, whole and then one byte at a
 * time, and checks the outcome the corpus records for Bascule: "pass" for each complete request passed on,
 * the status of the one HttpError otherwise. Every buffer must be released exactly once.
 */
class MalformedCorpusTest {

    static Stream<HttpCorpus.Case> cases() {
        return HttpCorpus.load().cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void wholeInput(HttpCorpus.Case c) {
        assertThat(run(c.bytes(), false)).as(c.name()).isEqualTo(c.bascule());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneByteAtATime(HttpCorpus.Case c) {
        assertThat(run(c.bytes(), true)).as(c.name()).isEqualTo(c.bascule());
    }

    /** The outcome list, after the peer closes; fails on a leak or on anything after an HttpError. */
    static List<String> run(byte[] bytes, boolean byteByByte) {
        EmbeddedChannel ch = new EmbeddedChannel();
        Http1Codecs.addClientSide(ch.pipeline(), HttpLimits.DEFAULTS);
        List<ByteBuf> inputs = new ArrayList<>();
        if (byteByByte) {
            for (byte b : bytes) {
                ByteBuf one = Unpooled.directBuffer(1).writeByte(b);
                inputs.add(one);
                ch.writeInbound(one);
            }
        } else {
            ByteBuf all = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
            inputs.add(all);
            ch.writeInbound(all);
        }
        ch.finish();
        List<String> outcome = new ArrayList<>();
        boolean inRequest = false;
        Object o;
        while ((o = ch.readInbound()) != null) {
            assertThat(outcome).as("nothing may follow an HttpError").noneMatch(s -> !s.equals("pass"));
            if (o instanceof HttpError error) {
                outcome.add(Integer.toString(error.status()));
                continue;
            }
            if (o instanceof HttpRequest request) {
                assertThat(inRequest).as("a request head inside a request").isFalse();
                assertThat(request.decoderResult().isSuccess()).isTrue();
                inRequest = true;
            }
            if (o instanceof HttpContent content) {
                assertThat(inRequest).as("content outside a request").isTrue();
                assertThat(content.decoderResult().isSuccess()).isTrue();
                if (o instanceof LastHttpContent) {
                    inRequest = false;
                    outcome.add("pass");
                }
            }
            // Contents may be slices sharing the input's count: released here, checked below on the input.
            ReferenceCountUtil.release(o);
        }
        for (ByteBuf in : inputs) {
            assertThat(in.refCnt()).as("input buffer released").isZero();
        }
        return outcome;
    }
}
