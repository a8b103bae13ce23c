package bascule.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

/**
 * The HTTP/1 codec of a connection to a server: request encoder and response decoder, pairing each response
 * with its request's method so that a response to HEAD is read without a body. It does what Netty's
 * {@code HttpClientCodec} does for Bascule (no CONNECT, no missing-response accounting), with one addition:
 * its decoder reports to a {@link MessageTap}, so that the bytes of a refused response can be captured.
 */
final class ServerCodec extends CombinedChannelDuplexHandler<ServerCodec.ResponseDecoder, ServerCodec.RequestEncoder> {
    ServerCodec(HttpDecoderConfig config, MessageTap tap) {
        Queue<HttpMethod> methods = new ArrayDeque<>(2);
        init(new ResponseDecoder(config, methods, tap), new RequestEncoder(methods));
    }

    static final class RequestEncoder extends HttpRequestEncoder {
        private final Queue<HttpMethod> methods;

        RequestEncoder(Queue<HttpMethod> methods) {
            this.methods = methods;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
            if (msg instanceof HttpRequest r) {
                methods.offer(r.method());
            }
            super.encode(ctx, msg, out);
        }
    }

    static final class ResponseDecoder extends HttpResponseDecoder {
        private final Queue<HttpMethod> methods;
        private final MessageTap tap;

        ResponseDecoder(HttpDecoderConfig config, Queue<HttpMethod> methods, MessageTap tap) {
            super(config);
            this.methods = methods;
            this.tap = tap;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            int before = out.size();
            int reader = in.readerIndex();
            int start = tap.messageStartIn(in);
            super.decode(ctx, in, out);
            for (int i = before; i < out.size() && start >= 0; i++) {
                if (out.get(i) instanceof HttpResponse r && r.decoderResult().isSuccess()
                        && badHeaderName(in, start)) {
                    r.setDecoderResult(DecoderResult.failure(
                            new IllegalArgumentException("header name with a character other than a token's")));
                }
            }
            tap.decoded(in, reader, out, before);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            try {
                super.channelRead(ctx, msg);
            } finally {
                tap.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            try {
                super.channelInactive(ctx);
            } finally {
                tap.release();
            }
        }

        @Override
        protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
            tap.release();
            super.handlerRemoved0(ctx);
        }

        /**
         * Netty ends a response's header name at whitespace and drops what follows up to the colon; HAProxy
         * refuses such a response. The head's lines are checked again here, once per response head.
         */
        private static boolean badHeaderName(ByteBuf in, int start) {
            int end = in.writerIndex();
            int i = in.indexOf(start, end, (byte) '\n');
            while (i >= 0 && ++i < end) {
                byte c = in.getByte(i);
                if (c == '\r' || c == '\n') {
                    return false; // the empty line: end of the head
                }
                if (c != ' ' && c != '\t') { // not an obs-fold continuation
                    int j = i;
                    while (j < end && HeadRules.isTchar(in.getByte(j))) {
                        j++;
                    }
                    if (j < end && (j == i || in.getByte(j) != ':')) {
                        return true;
                    }
                }
                i = in.indexOf(i, end, (byte) '\n');
            }
            return false;
        }

        /**
         * As Netty's client codec: the final response takes its request's method off the queue; an interim
         * (1xx) one leaves it there, since the final response to the same request is still to come.
         */
        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            if (((HttpResponse) msg).status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                return super.isContentAlwaysEmpty(msg);
            }
            HttpMethod method = methods.poll();
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
        }
    }
}
