package bascule.http;

import bascule.sample.HttpMessageView;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** A Netty request or response head seen through the sample engine's read-only view. */
final class MessageView implements HttpMessageView {
    private final HttpMessage message;

    MessageView(HttpMessage message) {
        this.message = message;
    }

    @Override
    public String method() {
        return message instanceof HttpRequest r ? r.method().name() : null;
    }

    @Override
    public String uri() {
        return message instanceof HttpRequest r ? r.uri() : null;
    }

    @Override
    public String version() {
        return message.protocolVersion().text();
    }

    @Override
    public int status() {
        return message instanceof HttpResponse r ? r.status().code() : 0;
    }

    @Override
    public List<String> headerValues(String name) {
        return message.headers().getAll(name);
    }

    @Override
    public List<Map.Entry<String, String>> headers() {
        return message.headers().entries();
    }
}
