package bascule.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.check.CheckStatus;
import bascule.testing.Await;
import bascule.testing.Proxies;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The NOLB state ("stopping") of a server against the others: health, admin state, tracking, and what it means
 * for the balancer (nothing new) and for persistence (still welcome). No checks run: states are set directly.
 */
class ServerNolbTest {
    private ServerSocket listening;
    private Instance instance;
    private Backend backend;
    private Server a;
    private Server t;

    @BeforeEach
    void start() throws Exception {
        // a is checked (so that t may track it) once an hour; its first check passes before the test begins
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        instance = Proxies.start("""
                defaults
                    mode tcp
                    timeout connect 1s
                    timeout client 1s
                    timeout server 1s
                listen app
                    bind 127.0.0.1:0
                    server a 127.0.0.1:%d check inter 1h
                    server b 127.0.0.1:1
                    server t 127.0.0.1:1 track a
                """.formatted(listening.getLocalPort()));
        backend = instance.runtime().backends().get("app");
        a = backend.server("a");
        t = backend.server("t");
        Await.until("a's first check", Duration.ofSeconds(5), () -> instance.checks().status(a)
                .map(c -> c.last().status() == CheckStatus.L4OK).orElse(false));
    }

    @AfterEach
    void stop() throws Exception {
        if (instance != null) {
            instance.close();
        }
        listening.close();
    }

    @Test
    void nolbTakesNoLoadBalancedTrafficButStillPersistentTraffic() {
        assertThat(a.setStopping()).isTrue();
        assertThat(a.isStopping()).isTrue();
        assertThat(a.isRunning()).isTrue();
        assertThat(a.isUsable()).isFalse();
        assertThat(a.acceptsPersistent()).isTrue();
        assertThat(backend.usableCounts()).containsExactly(1, 0); // b only: the tracker follows a into NOLB
        assertThat(t.isStopping()).isTrue();
        assertThat(a.setStopping()).as("already NOLB").isFalse();
    }

    @Test
    void healthUpEndsNolbAndHealthDownStopsTheServer() {
        a.setStopping();
        assertThat(a.setHealthy(true)).isTrue();
        assertThat(a.isStopping()).isFalse();
        assertThat(a.isUsable()).isTrue();
        assertThat(t.isUsable()).isTrue();

        a.setStopping();
        assertThat(a.setHealthy(false)).isTrue();
        assertThat(a.isStopping()).isFalse();
        assertThat(a.acceptsPersistent()).isFalse();
        // from DOWN, a forced NOLB goes straight there
        assertThat(a.setStopping()).isTrue();
        assertThat(a.isStopping()).isTrue();
        assertThat(a.isHealthy()).isTrue();
    }

    @Test
    void maintenanceEndsNolbAndIgnoresIt() {
        a.setStopping();
        a.setAdminState(AdminState.MAINT);
        assertThat(a.isStopping()).isFalse();
        assertThat(a.acceptsPersistent()).isFalse();
        assertThat(a.setStopping()).as("a server in maintenance keeps its state").isFalse();
        a.setAdminState(AdminState.READY);
        assertThat(a.isStopping()).as("leaving maintenance brings it back UP").isFalse();
        assertThat(a.isUsable()).isTrue();
    }

    @Test
    void drainedServersStillTakePersistentTrafficAndNolbStaysWhileDrained() {
        a.setAdminState(AdminState.DRAIN);
        assertThat(a.isUsable()).isFalse();
        assertThat(a.acceptsPersistent()).isTrue();
        assertThat(a.setStopping()).isTrue();
        a.setAdminState(AdminState.READY);
        assertThat(a.isStopping()).isTrue();
    }

    @Test
    void agentDownStopsANolbServer() {
        a.setStopping();
        a.setAgentUp(false);
        assertThat(a.isStopping()).isFalse();
        assertThat(a.acceptsPersistent()).isFalse();
        a.setAgentUp(true);
        assertThat(a.isStopping()).as("back UP, not NOLB").isFalse();
        assertThat(a.isUsable()).isTrue();
    }
}
