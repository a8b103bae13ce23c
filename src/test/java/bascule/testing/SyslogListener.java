package bascule.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A UDP syslog receiver on an ephemeral loopback port that keeps every datagram it gets, in order. */
public final class SyslogListener implements AutoCloseable {
    private final DatagramSocket socket;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    public SyslogListener() throws IOException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(200);
        reader = Thread.ofPlatform().daemon().name("syslog-listener").start(this::read);
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void read() {
        byte[] buf = new byte[65536];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                lines.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            } catch (SocketTimeoutException e) {
                // poll again
            } catch (IOException e) {
                return;
            }
        }
    }

    /** The next datagram, waiting up to {@code wait}; fails the test when none comes. */
    public String next(Duration wait) throws InterruptedException {
        String l = lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (l == null) {
            throw new AssertionError("no syslog line within " + wait);
        }
        return l;
    }

    /** Whatever else arrives within {@code wait}. */
    public List<String> drain(Duration wait) throws InterruptedException {
        List<String> out = new ArrayList<>();
        String l;
        while ((l = lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            out.add(l);
        }
        return out;
    }

    /** The message of an RFC3164 line: what follows {@code tag[pid]: }. */
    public static String message(String line) {
        int i = line.indexOf("]: ");
        return i < 0 ? line : line.substring(i + 3);
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
