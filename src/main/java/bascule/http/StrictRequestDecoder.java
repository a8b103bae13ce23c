package bascule.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;
import java.util.Queue;

/**
 * Netty's request decoder with two additions. Before a request, Netty skips any control characters and
 * whitespace; HAProxy only tolerates empty lines there, so anything but CR and LF before a method (which
 * must start with a token character) makes an invalid message here. And the method of each request is
 * queued for {@link HeadAwareResponseEncoder}, which must know which responses answer a HEAD.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {
    private final Queue<HttpMethod> methods;
    private final MessageTap tap;
    private boolean atMessageStart = true;
    private boolean broken;

    StrictRequestDecoder(HttpDecoderConfig config, Queue<HttpMethod> methods, MessageTap tap) {
        super(config);
        this.methods = methods;
        this.tap = tap;
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

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (atMessageStart) {
            int i = in.readerIndex();
            int end = in.writerIndex();
            while (i < end && (in.getByte(i) == '\r' || in.getByte(i) == '\n')) {
                i++;
            }
            if (i < end) {
                if (!HeadRules.isTchar(in.getByte(i))) {
                    broken = true;
                    int reader = in.readerIndex();
                    in.skipBytes(in.readableBytes());
                    HttpMessage invalid = createInvalidMessage();
                    invalid.setDecoderResult(DecoderResult.failure(
                            new IllegalArgumentException("invalid character before the request line")));
                    out.add(invalid);
                    tap.decoded(in, reader, out, out.size() - 1);
                    return;
                }
                atMessageStart = false;
            }
        }
        int before = out.size();
        int reader = in.readerIndex();
        super.decode(ctx, in, out);
        tap.decoded(in, reader, out, before);
        for (int i = before, n = out.size(); i < n; i++) {
            Object o = out.get(i);
            if (o instanceof HttpRequest request && request.decoderResult().isSuccess()) {
                methods.add(request.method());
            }
            if (o instanceof LastHttpContent) {
                atMessageStart = true;
            }
        }
    }
}
