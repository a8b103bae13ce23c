package bascule;

import bascule.model.Model;
import bascule.proxy.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * {@code bascule demo}: three small built-in backends on loopback and a TCP load balancer in front of them,
 * configured with ordinary HAProxy configuration text (printed, so it can be copied).
 */
final class Demo {
    private Demo() {
    }

    static int run(String[] args) {
        int port = 8080;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            }
        }
        List<Backend> backends = new ArrayList<>();
        try {
            for (String name : List.of("web1", "web2", "web3")) {
                backends.add(new Backend(name));
            }
            if (!free(port)) {
                int wanted = port;
                port = anyFreePort();
                System.out.println("Port " + wanted + " is busy; using " + port + " instead.");
            }
            String cfg = config(port, backends);
            Model model = Instance.parse(cfg, "demo.cfg");
            try (Instance instance = Instance.start(model, Messages.stderr(true))) {
                System.out.println("Bascule demo: a TCP load balancer (" + instance.transport().name()
                        + " transport) in front of three built-in backends.\n");
                System.out.println("Configuration in use:\n");
                System.out.println(cfg.indent(4));
                System.out.println("Try it:");
                System.out.println("  curl http://127.0.0.1:" + port + "/     (run it a few times: web1, web2, "
                        + "web3 take turns)");
                System.out.println("  nc 127.0.0.1 " + port + "              (the backend greets you, then echoes "
                        + "what you type)");
                System.out.println("The stats page will be at http://127.0.0.1:8404/stats once the stats feature "
                        + "lands.");
                System.out.println("Press Ctrl-C to stop.");
                CountDownLatch stop = new CountDownLatch(1);
                Signal.handle(new Signal("INT"), s -> stop.countDown());
                Signal.handle(new Signal("TERM"), s -> stop.countDown());
                stop.await();
                System.out.println("\nStopping.");
            }
            return 0;
        } catch (Exception e) {
            System.err.println("demo failed: " + e.getMessage());
            return 1;
        } finally {
            backends.forEach(Backend::close);
        }
    }

    static String config(int port, List<Backend> backends) {
        StringBuilder sb = new StringBuilder();
        sb.append("defaults\n    mode tcp\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n")
                .append("    retries 3\n    option redispatch\n\n")
                .append("listen demo\n    bind 127.0.0.1:").append(port).append('\n')
                .append("    balance roundrobin\n");
        for (Backend b : backends) {
            sb.append("    server ").append(b.name).append(" 127.0.0.1:").append(b.port()).append('\n');
        }
        return sb.toString();
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int anyFreePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A toy backend: answers HTTP requests with its name, and greets then echoes anything else. */
    private static final class Backend {
        final String name;
        final ServerSocket socket;

        Backend(String name) throws IOException {
            this.name = name;
            this.socket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("demo-" + name).start(this::accept);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                s.setSoTimeout(300);
                byte[] buf = new byte[8192];
                int n;
                try {
                    n = in.read(buf);
                } catch (java.net.SocketTimeoutException quiet) {
                    n = 0; // an interactive client (nc) that has not typed yet
                }
                s.setSoTimeout(0);
                String first = n > 0 ? new String(buf, 0, Math.min(n, 8), StandardCharsets.US_ASCII) : "";
                if (first.matches("^(GET|HEAD|POST|PUT|DELETE|OPTIONS|PATCH) .*")) {
                    String body = "Hello from " + name + " (127.0.0.1:" + port() + ")\n";
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                            + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                }
                out.write(("Hello from " + name + ". I echo what you send.\n").getBytes(StandardCharsets.US_ASCII));
                if (n > 0) {
                    out.write(buf, 0, n);
                }
                out.flush();
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // client went away
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
