package bascule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import bascule.Instance;
import bascule.model.AgentSpec;
import bascule.model.Model;
import bascule.model.ProxySpec;
import bascule.model.ServerSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The agent-check options of server lines: values, default-server inheritance, and precise errors. */
class AgentBinderTest {
    private static Model bind(String text) throws ConfigErrors {
        return Instance.parse(text, "t.cfg");
    }

    private static String error(String text) {
        ConfigErrors e = catchThrowableOfType(ConfigErrors.class, () -> bind(text));
        assertThat(e).as("expected a configuration error").isNotNull();
        return e.getMessage();
    }

    private static ProxySpec proxy(Model m, String name) {
        return m.proxies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static ServerSpec server(Model m, String proxy, String name) {
        return proxy(m, proxy).servers().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyAgentOptionIsBound() throws Exception {
        Model m = bind("""
                backend app
                    server s1 127.0.0.1:80 agent-check agent-port 9999 agent-inter 5s agent-addr 10.0.0.7 agent-send "app-a\\n"
                    server s2 127.0.0.1:81
                """);
        assertThat(server(m, "app", "s1").agent()).isEqualTo(new AgentSpec(true, 9999, 5000, "10.0.0.7", "app-a\n"));
        assertThat(server(m, "app", "s2").agent()).isEqualTo(AgentSpec.NONE);
        assertThat(AgentSpec.NONE.enabled()).isFalse();
        assertThat(AgentSpec.NONE.inter()).as("HAProxy's default agent-inter").isEqualTo(2000);
    }

    @Test
    void agentInterDefaultsTo2sNotToTheServersInter() throws Exception {
        Model m = bind("""
                backend app
                    server s1 127.0.0.1:80 inter 500 agent-check agent-port 9999
                """);
        assertThat(server(m, "app", "s1").agent().inter()).isEqualTo(2000);
        assertThat(server(m, "app", "s1").inter()).isEqualTo(500);
    }

    @Test
    void defaultServerGivesAgentSettingsThatServersMayTurnOff() throws Exception {
        Model m = bind("""
                backend app
                    default-server agent-check agent-port 7000 agent-inter 1s agent-send hi
                    server s1 127.0.0.1:80
                    server s2 127.0.0.1:81 no-agent-check
                    server s3 127.0.0.1:82 agent-port 7001
                """);
        assertThat(server(m, "app", "s1").agent()).isEqualTo(new AgentSpec(true, 7000, 1000, null, "hi"));
        assertThat(server(m, "app", "s2").agent().enabled()).isFalse();
        assertThat(server(m, "app", "s2").agent().port()).as("only the switch is turned off").isEqualTo(7000);
        assertThat(server(m, "app", "s3").agent().port()).isEqualTo(7001);
    }

    @Test
    void portAndAddrServeTheAgentWhenAgentPortAndAgentAddrAreNotSet() throws Exception {
        Model m = bind("""
                backend app
                    server s1 127.0.0.1:80 check port 8500 addr 10.0.0.9 agent-check
                    server s2 127.0.0.1:81 agent-port 9000 port 8500 agent-addr 10.0.0.1 addr 10.0.0.9 agent-check
                """);
        ServerSpec s1 = server(m, "app", "s1");
        assertThat(s1.agent().portOr(s1.checks().port())).isEqualTo(8500);
        assertThat(s1.agent().addrOr(s1.checks().addr())).isEqualTo("10.0.0.9");
        ServerSpec s2 = server(m, "app", "s2");
        assertThat(s2.agent().portOr(s2.checks().port())).as("agent-port wins whatever the order").isEqualTo(9000);
        assertThat(s2.agent().addrOr(s2.checks().addr())).isEqualTo("10.0.0.1");
    }

    @Test
    void anAgentWithoutAnyPortIsRefusedWithItsServerNamed() throws Exception {
        // Bound without the check (ConfigBinder.validate calls AgentBinder.validate for every server).
        Model m;
        try {
            m = bind("""
                    backend app
                        server ok 127.0.0.1:80 agent-check port 8500
                        server s1 127.0.0.1:80 agent-check
                    """);
        } catch (ConfigErrors e) {
            assertThat(e.getMessage()).isEqualTo("t.cfg:3: backend 'app', server 's1': 'agent-check' needs a port: "
                    + "add 'agent-port <port>' (or 'port <port>', which the agent also uses when 'agent-port' is "
                    + "not set)");
            return;
        }
        ProxySpec p = proxy(m, "app");
        assertThat(AgentBinder.validate(p, server(m, "app", "ok"))).isEmpty();
        Optional<ConfigException> e = AgentBinder.validate(p, server(m, "app", "s1"));
        assertThat(e).isPresent();
        assertThat(e.get().getMessage()).isEqualTo("t.cfg:3: backend 'app', server 's1': 'agent-check' needs a "
                + "port: add 'agent-port <port>' (or 'port <port>', which the agent also uses when 'agent-port' is "
                + "not set)");
    }

    @Test
    void aDefaultServerWithAgentCheckButNoPortIsFineUntilAServerUsesIt() throws Exception {
        Model m = bind("""
                backend app
                    default-server agent-check
                    server s1 127.0.0.1:80 agent-port 9000
                """);
        assertThat(server(m, "app", "s1").agent().enabled()).isTrue();
    }

    @Test
    void badArgumentsAreReportedWithTheirLine() {
        assertThat(error("""
                backend app
                    server s1 127.0.0.1:80 agent-check agent-port
                """)).isEqualTo("t.cfg:2: 'agent-port' expects a port number (1-65535)");
        assertThat(error("""
                backend app
                    server s1 127.0.0.1:80 agent-check agent-port 70000
                """)).isEqualTo("t.cfg:2: 'agent-port' expects a value between 1 and 65535 but got '70000'");
        assertThat(error("""
                backend app
                    server s1 127.0.0.1:80 agent-check agent-port 9000 agent-inter 0
                """)).isEqualTo("t.cfg:2: 'agent-inter' must be greater than 0");
        assertThat(error("""
                backend app
                    server s1 127.0.0.1:80 agent-check agent-port 9000 agent-inter 2x
                """)).contains("t.cfg:2: 'agent-inter': unknown time unit 'x'");
        assertThat(error("""
                backend app
                    server s1 127.0.0.1:80 agent-check agent-port 9000 agent-addr 10.0.0.1:9000
                """)).isEqualTo("t.cfg:2: 'agent-addr' expects an address without port but got '10.0.0.1:9000' "
                + "(set the port with 'agent-port')");
        assertThat(error("""
                backend app
                    server s1 127.0.0.1:80 agent-check agent-port 9000 agent-send
                """)).startsWith("t.cfg:2: 'agent-send' expects a string");
        assertThat(error("""
                backend app
                    default-server agent-inter
                """)).startsWith("t.cfg:2: 'agent-inter' expects a delay");
    }

    @Test
    void anIpv6AgentAddressIsAccepted() throws Exception {
        Model m = bind("""
                backend app
                    server s1 127.0.0.1:80 agent-check agent-port 9000 agent-addr ::1
                """);
        assertThat(server(m, "app", "s1").agent().addr()).isEqualTo("::1");
    }
}
