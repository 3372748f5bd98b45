package dev.flotilla.bench.channels;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jctools.queues.SpscArrayQueue;
import org.jctools.queues.varhandle.SpscVarHandleArrayQueue;

/**
 * The links compared, in table order: the physical floor, a bare ring with UMP's layout, Flotilla's
 * UMP channel (busy-polling; with the doorbell's wake-up check; through its copying array API), then
 * the peers. The constant's
 * name is the JMH parameter; {@link #key()} is what the command line takes.
 */
enum Transport
{
    FLOOR("Cache line (floor)", Kind.FLOOR)
    {
        @Override
        Link<? extends Endpoint> open(final int capacity)
        {
            return CacheLineHandoff.open();
        }
    },
    BARE_RING("Bare ring, UMP layout (reference)", Kind.REFERENCE)
    {
        @Override
        Link<? extends Endpoint> open(final int capacity)
        {
            return BareRing.open(capacity);
        }
    },
    UMP("UMP (busy-poll receiver)", Kind.UMP)
    {
        @Override
        Link<StreamEndpoint> openStream(final int capacity)
        {
            return UmpLink.open(capacity, false, true);
        }
    },
    UMP_WAKEUP("UMP + wake-up check", Kind.UMP)
    {
        @Override
        Link<StreamEndpoint> openStream(final int capacity)
        {
            return UmpLink.open(capacity, true, true);
        }
    },
    UMP_COPYING("UMP, array API (copies)", Kind.UMP)
    {
        @Override
        Link<StreamEndpoint> openStream(final int capacity)
        {
            return UmpLink.open(capacity, false, false);
        }
    },
    JCTOOLS("JCTools SpscArrayQueue", Kind.PEER)
    {
        @Override
        Link<StreamEndpoint> openStream(final int capacity)
        {
            return JctoolsLink.open(capacity, SpscArrayQueue::new);
        }
    },
    JCTOOLS_VARHANDLE("JCTools SpscVarHandleArrayQueue", Kind.PEER)
    {
        @Override
        Link<StreamEndpoint> openStream(final int capacity)
        {
            return JctoolsLink.open(capacity, SpscVarHandleArrayQueue::new);
        }
    },
    AGRONA("Agrona OneToOneRingBuffer", Kind.PEER)
    {
        @Override
        Link<StreamEndpoint> openStream(final int capacity)
        {
            return AgronaLink.open(capacity);
        }
    },
    DISRUPTOR("LMAX Disruptor", Kind.PEER)
    {
        @Override
        Link<StreamEndpoint> openStream(final int capacity)
        {
            return DisruptorLink.open(capacity);
        }
    },
    ABQ("ArrayBlockingQueue", Kind.PEER)
    {
        @Override
        Link<StreamEndpoint> openStream(final int capacity)
        {
            return BlockingQueueLink.open(capacity);
        }
    };

    /** What a transport is in the comparison. */
    public enum Kind
    {
        /** The physical floor: round trip only. */
        FLOOR,
        /** A bare ring with UMP's layout and no protocol: round trip only. */
        REFERENCE,
        /** Flotilla's channel. */
        UMP,
        /** A library Flotilla is compared against. */
        PEER
    }

    private final String label;
    private final Kind kind;

    Transport(final String label, final Kind kind)
    {
        this.label = label;
        this.kind = kind;
    }

    /** The name in tables. */
    public String label()
    {
        return label;
    }

    public Kind kind()
    {
        return kind;
    }

    /** The command-line name: the constant's name in lower case with dashes. */
    public String key()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** True if the streaming benchmark runs it: UMP and the peers. */
    public boolean streams()
    {
        return kind == Kind.UMP || kind == Kind.PEER;
    }

    /** A fresh link for the ping-pong, with rings of {@code capacity} messages. */
    Link<? extends Endpoint> open(final int capacity)
    {
        return openStream(capacity);
    }

    /** A fresh link for streaming, with rings of {@code capacity} messages (a power of two). */
    Link<StreamEndpoint> openStream(final int capacity)
    {
        throw new UnsupportedOperationException(label + " carries one message at a time; it has no streaming form");
    }

    /** The transport a command-line name names. */
    public static Transport ofKey(final String key)
    {
        for (final Transport t : values())
        {
            if (t.key().equals(key))
            {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + key + "'; known: " + keys(List.of(values())));
    }

    /** The command-line names, comma-separated. */
    public static String keys(final List<Transport> transports)
    {
        return transports.stream().map(Transport::key).collect(Collectors.joining(","));
    }

    /** Every transport, in table order. */
    public static List<Transport> all()
    {
        return Arrays.asList(values());
    }
}
