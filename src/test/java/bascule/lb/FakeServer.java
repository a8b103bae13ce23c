package bascule.lb;

import java.util.ArrayList;
import java.util.List;

/** A server whose state tests set directly. */
final class FakeServer implements LbServer {
    private final String name;
    private final int id;
    private final boolean backup;
    private volatile int weight;
    private volatile boolean usable = true;
    private volatile int connections;
    private volatile int maxConnections;

    FakeServer(String name, int id, int weight, boolean backup) {
        this.name = name;
        this.id = id;
        this.weight = weight;
        this.backup = backup;
    }

    static FakeServer active(int id, int weight) {
        return new FakeServer("s" + id, id, weight, false);
    }

    static FakeServer backup(int id, int weight) {
        return new FakeServer("b" + id, id, weight, true);
    }

    /** Active servers s1..sN with the given weights, ids 1..N. */
    static List<FakeServer> actives(int... weights) {
        List<FakeServer> list = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            list.add(active(i + 1, weights[i]));
        }
        return list;
    }

    FakeServer weight(int w) {
        this.weight = w;
        return this;
    }

    FakeServer usable(boolean u) {
        this.usable = u;
        return this;
    }

    FakeServer connections(int c) {
        this.connections = c;
        return this;
    }

    FakeServer maxConnections(int m) {
        this.maxConnections = m;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public boolean isBackup() {
        return backup;
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public boolean isUsable() {
        return usable;
    }

    @Override
    public int currentConnections() {
        return connections;
    }

    @Override
    public int maxConnections() {
        return maxConnections;
    }

    @Override
    public String toString() {
        return name;
    }
}
