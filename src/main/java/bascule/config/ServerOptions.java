package bascule.config;

/**
 * The mutable settings one {@code server} line starts from: a copy of the proxy's {@code default-server}
 * settings, which in turn start from HAProxy's defaults (weight 1, inter 2s, rise 2, fall 3).
 */
final class ServerOptions {
    int weight = 1;
    int maxconn;
    boolean backup;
    boolean disabled;
    boolean check;
    long inter = 2000;
    long fastinter;
    long downinter;
    int rise = 2;
    int fall = 3;
    int id;
    String checkAddr;
    int checkPort;
    boolean checkSendProxy;
    bascule.model.AgentSpec agent = bascule.model.AgentSpec.NONE;
    long slowstart;
    String track;
    bascule.model.ServerSpec.OnMarkedDown onMarkedDown = bascule.model.ServerSpec.OnMarkedDown.NOTHING;
    bascule.model.ServerSpec.OnMarkedUp onMarkedUp = bascule.model.ServerSpec.OnMarkedUp.NOTHING;
    String cookie;

    ServerOptions copy() {
        ServerOptions c = new ServerOptions();
        c.weight = weight;
        c.maxconn = maxconn;
        c.backup = backup;
        c.disabled = disabled;
        c.check = check;
        c.inter = inter;
        c.fastinter = fastinter;
        c.downinter = downinter;
        c.rise = rise;
        c.fall = fall;
        c.checkAddr = checkAddr;
        c.checkPort = checkPort;
        c.checkSendProxy = checkSendProxy;
        c.agent = agent;
        c.slowstart = slowstart;
        c.track = track;
        c.onMarkedDown = onMarkedDown;
        c.onMarkedUp = onMarkedUp;
        c.cookie = cookie;
        return c;
    }
}
