package bascule.lb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code balance roundrobin}: smooth weighted round-robin whose weights may change at run time, picking
 * the same sequence of servers as HAProxy's fast weighted round-robin.
 *
 * <p>The model: a group (actives, or backups) plays rounds; a round is as long as the group's total
 * effective weight ({@code weight × 16}, HAProxy's weight scale) and a position counter advances by one
 * per pick. Each server is due again at a position one {@code total / weight} step after its last pick,
 * the remainders carried so the steps average exactly out. Three ordered queues hold the servers:
 * <ul>
 *   <li><em>current</em>, by due position (ties: the heavier, then the one with more carried remainder,
 *       then the earliest queued);</li>
 *   <li><em>fresh</em>, servers that have not played yet this round, heaviest first, which fill any
 *       position no current server is due at;</li>
 *   <li><em>later</em>, servers whose next due position falls beyond this round; when current and fresh
 *       both run dry, later becomes fresh and a new round starts with the group's latest total weight,
 *       which is how weight changes take effect progressively.</li>
 * </ul>
 * A full server (at its {@code maxconn}) or the server to avoid is taken out, advanced as if picked and
 * put back after the choice, exactly as HAProxy does, so the sequence stays aligned with HAProxy's
 * even then. Only the first usable backup is used when no active server is left, unless
 * {@code allBackups}, in which case the backups play their own rounds.
 */
final class WeightedRoundRobin extends GuardedBalancer {
    /** HAProxy's BE_WEIGHT_SCALE: effective weights are user weights times this. */
    static final int WEIGHT_SCALE = 16;
    private static final int USER_WEIGHT_RANGE = 256;
    private static final int MAX_EFFECTIVE_WEIGHT = USER_WEIGHT_RANGE * WEIGHT_SCALE;

    private final List<Slot> slots = new ArrayList<>();
    private final Map<LbServer, Slot> byServer = new IdentityHashMap<>();
    private final boolean allBackups;
    private final Group active = new Group();
    private final Group backup = new Group();
    private Slot firstBackup;
    /** Orders equal keys first-queued-first, as HAProxy's trees do. */
    private long queued;

    WeightedRoundRobin(List<? extends LbServer> servers, boolean allBackups) {
        this.allBackups = allBackups;
        for (LbServer s : servers) {
            Slot slot = new Slot(s, s.isBackup() ? backup : active);
            slots.add(slot);
            byServer.put(s, slot);
            slot.weight = effectiveWeight(s);
            slot.usable = slot.weight > 0 && s.isUsable();
            if (slot.usable) {
                slot.group.members++;
                slot.group.nextWeight += slot.weight;
                if (s.isBackup() && !allBackups && firstBackup == null) {
                    firstBackup = slot;
                }
            }
        }
        for (Group g : List.of(active, backup)) {
            g.currentPosition = g.currentWeight = g.nextWeight;
        }
        for (Slot slot : slots) {
            if (slot.usable) {
                queueByWeight(slot.group.fresh, slot);
            }
        }
    }

    private static int effectiveWeight(LbServer s) {
        return Math.max(0, Math.min(s.weight(), USER_WEIGHT_RANGE)) * WEIGHT_SCALE;
    }

    @Override
    LbServer choose(LbRequest request, LbServer avoid) {
        Group g;
        if (active.members > 0) {
            g = active;
        } else if (firstBackup != null) {
            return firstBackup.server;
        } else if (backup.members > 0) {
            g = backup;
        } else {
            return null;
        }
        Slot avoidSlot = avoid == null ? null : byServer.get(avoid);
        boolean newRound = false;
        Slot avoided = null;
        List<Slot> skipped = null; // rarely needed: allocated on the first full or avoided server
        Slot chosen;
        while (true) {
            if (g.currentWeight == 0) {
                g.currentPosition = g.currentWeight = g.nextWeight;
            }
            chosen = nextDue(g);
            if (chosen == null) {
                if (newRound) {
                    chosen = avoided;
                    break;
                }
                newRound = true;
                g.startRound();
                continue;
            }
            advance(g, chosen);
            dequeue(chosen);
            g.currentPosition++;
            if (!Eligibility.isFull(chosen.server)) {
                if (chosen != avoidSlot || avoided != null) {
                    break;
                }
                avoided = chosen;
            }
            if (skipped == null) {
                skipped = new ArrayList<>();
            }
            skipped.add(chosen);
        }
        if (chosen != null) {
            requeue(chosen);
        }
        // Put back the skipped ones, latest first. After a new round began, their positions belong to
        // the old round, so only their weight matters and they rejoin the fresh queue.
        for (int i = skipped == null ? -1 : skipped.size() - 1; i >= 0; i--) {
            Slot s = skipped.get(i);
            if (s == chosen) {
                continue;
            }
            if (newRound) {
                queueByWeight(g.fresh, s);
            } else {
                requeue(s);
            }
        }
        return chosen == null ? null : chosen.server;
    }

    /** The server due at the current position, else a fresh one, else whoever is due soonest. */
    private Slot nextDue(Group g) {
        Slot current = g.current.isEmpty() ? null : g.current.first();
        if (current != null && current.weight > 0 && current.nextPosition <= g.currentPosition) {
            return current;
        }
        Slot fresh = g.fresh.isEmpty() ? null : g.fresh.first();
        if (fresh != null && fresh.weight > 0) {
            fresh.nextPosition = 0;
            fresh.remainder = 0;
            return fresh;
        }
        return current;
    }

    /** Moves a just-picked server's due position one step further, carrying the remainder. */
    private static void advance(Group g, Slot s) {
        if (s.weight == 0) {
            return;
        }
        if (s.nextPosition == 0) {
            s.nextPosition = g.currentPosition;
        }
        s.lastPosition = s.nextPosition;
        s.nextPosition += g.nextWeight / s.weight;
        s.remainder += g.nextWeight % s.weight;
        if (s.remainder >= s.weight) {
            s.remainder -= s.weight;
            s.nextPosition++;
        }
    }

    /** Queues a server by its due position, or for the next round when that position lies beyond this one. */
    private void requeue(Slot s) {
        Group g = s.group;
        if (!s.usable) {
            s.queue = null;
        } else if (s.weight <= 0 || s.nextPosition >= 2 * g.currentWeight
                || s.nextPosition >= g.currentWeight + g.nextWeight) {
            s.nextPosition -= g.currentWeight;
            queueByWeight(g.later, s);
        } else {
            // Position first; among servers due together the heavier and the one owed more remainder
            // go first. Scaled so the tie-breaker never spills into the position.
            int key = USER_WEIGHT_RANGE * s.nextPosition
                    + (MAX_EFFECTIVE_WEIGHT + s.remainder - s.weight) / WEIGHT_SCALE;
            enqueue(g.current, s, Integer.toUnsignedLong(key));
        }
    }

    private void queueByWeight(Queue queue, Slot s) {
        enqueue(queue, s, MAX_EFFECTIVE_WEIGHT - s.weight);
    }

    private void enqueue(Queue queue, Slot s, long key) {
        s.key = key;
        s.order = queued++;
        s.queue = queue;
        queue.add(s);
    }

    /** Takes a server out of whatever queue holds it, leaving {@code s.queue} as a memory of where it was. */
    private static void dequeue(Slot s) {
        if (s.queue != null) {
            s.queue.remove(s);
        }
    }

    /** Prepares a server taken out of its queue outside a pick, according to where it was. */
    private static void takeOut(Slot s) {
        Group g = s.group;
        if (s.queue == g.fresh) {
            s.nextPosition = 0;
            s.remainder = 0;
        } else if (s.queue == g.later) {
            s.nextPosition += g.currentWeight;
        } else if (s.queue == null) {
            s.nextPosition = g.currentPosition;
        }
    }

    @Override
    boolean refresh() {
        boolean changed = false;
        for (Slot s : slots) {
            int weight = effectiveWeight(s.server);
            boolean usable = weight > 0 && s.server.isUsable();
            if (usable == s.usable && weight == s.weight) {
                continue;
            }
            changed = true;
            if (!s.usable && !usable) {
                s.weight = weight;
            } else if (!s.usable) {
                goUp(s, weight);
            } else if (!usable) {
                goDown(s, weight);
            } else {
                reweigh(s, weight);
            }
        }
        return changed;
    }

    private void goDown(Slot s, int newWeight) {
        Group g = s.group;
        g.nextWeight -= s.weight;
        g.members--;
        if (s == firstBackup) {
            firstBackup = null;
            for (int i = slots.indexOf(s) + 1; i < slots.size(); i++) {
                Slot other = slots.get(i);
                if (other.server.isBackup() && Eligibility.takesTraffic(other.server)) {
                    firstBackup = other;
                    break;
                }
            }
        }
        dequeue(s);
        s.queue = null;
        s.usable = false;
        s.weight = newWeight;
    }

    private void goUp(Slot s, int newWeight) {
        Group g = s.group;
        g.nextWeight += newWeight;
        g.members++;
        if (s.server.isBackup() && !allBackups
                && (firstBackup == null || slots.indexOf(s) < slots.indexOf(firstBackup))) {
            firstBackup = s;
        }
        // Comes back due a share of what is left of this round plus the next one, so it neither floods
        // the group nor waits a full round.
        takeOut(s);
        s.weight = newWeight;
        s.usable = true;
        s.nextPosition = g.currentPosition + (g.nextWeight + g.currentWeight - g.currentPosition) / newWeight;
        requeue(s);
    }

    private void reweigh(Slot s, int newWeight) {
        Group g = s.group;
        g.nextWeight = g.nextWeight - s.weight + newWeight;
        if (s.queue == g.fresh) {
            dequeue(s);
            s.weight = newWeight;
            queueByWeight(g.fresh, s);
        } else if (s.queue == null) {
            takeOut(s);
            s.weight = newWeight;
            s.nextPosition = g.currentPosition
                    + (g.nextWeight + g.currentWeight - g.currentPosition) / newWeight;
            requeue(s);
        } else {
            // Already playing: bring its next turn closer (never further) to match the new step.
            takeOut(s);
            s.weight = newWeight;
            int previousNext = s.nextPosition;
            int step = g.nextWeight / newWeight;
            s.nextPosition = Math.min(s.lastPosition + step, previousNext);
            s.remainder = 0;
            if (s.nextPosition < g.currentPosition + 2) {
                s.nextPosition = g.currentPosition + step;
            }
            dequeue(s);
            requeue(s);
        }
    }

    /** A server's place in the rotation. */
    private static final class Slot {
        final LbServer server;
        final Group group;
        int weight;
        boolean usable;
        int nextPosition;
        int lastPosition;
        int remainder;
        Queue queue;
        long key;
        long order;

        Slot(LbServer server, Group group) {
            this.server = server;
            this.group = group;
        }
    }

    /** Servers ordered by key, equal keys in queueing order. */
    private static final class Queue extends TreeSet<Slot> {
        Queue() {
            super(Comparator.<Slot>comparingLong(s -> s.key).thenComparingLong(s -> s.order));
        }
    }

    /** Actives or backups: their queues and round bookkeeping. */
    private static final class Group {
        final Queue current = new Queue();
        Queue fresh = new Queue();
        Queue later = new Queue();
        int members;
        int currentWeight;
        int nextWeight;
        int currentPosition;

        void startRound() {
            Queue swap = fresh;
            fresh = later;
            later = swap;
            currentWeight = nextWeight;
            currentPosition = currentWeight;
        }
    }
}
