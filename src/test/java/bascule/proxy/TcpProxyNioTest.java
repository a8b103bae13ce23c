package bascule.proxy;

/** Every TCP proxy test again on the NIO transport, the fallback where epoll is missing. */
class TcpProxyNioTest extends TcpProxyTest {
    @Override
    protected String global() {
        return "global\n    noepoll\n";
    }
}
