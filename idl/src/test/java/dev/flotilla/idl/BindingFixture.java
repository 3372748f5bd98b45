package dev.flotilla.idl;


import dev.flotilla.base.ErrorCode;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.idl.kitchen.Kitchen;
import dev.flotilla.idl.kitchen.KitchenBinding;
import dev.flotilla.idl.kitchen.KitchenHandler;
import dev.flotilla.urpc.Channel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Two ports of one channel with generated Kitchen bindings on them, for the binding contract tests: the subclasses
 * say how the channel is made (LMP, UMP, the simulator's transport), the contract tests what must hold on it.
 */
abstract class BindingFixture
{
    /** Two endpoints of one channel with {@code slots} slots each way: [client, server]. */
    protected abstract Channel[] newPair(int slots);

    protected void release()
    {
    }

    @AfterEach
    void tearDown()
    {
        release();
    }

    /** What the server side saw, in order. */
    static final class Recorder implements KitchenHandler
    {
        final List<String> seen = new ArrayList<>();
        final List<KitchenBinding.LookupRequest> deferred = new ArrayList<>();
        boolean closed;

        @Override
        public void onScalars(final KitchenBinding from, final byte b, final short s, final int i, final long l,
            final boolean flag)
        {
            seen.add("scalars " + b + " " + s + " " + i + " " + l + " " + flag);
        }

        @Override
        public void onTexts(final KitchenBinding from, final String text, final byte[] bytes, final long[] words,
            final ErrorCode code)
        {
            seen.add("texts " + text + " " + java.util.Arrays.toString(bytes) + " " + java.util.Arrays.toString(words)
                + " " + code);
        }

        @Override
        public void onEmpty(final KitchenBinding from)
        {
            seen.add("empty");
        }

        @Override
        public void onCapability(final KitchenBinding from, final CapRef cap, final String label)
        {
            seen.add("capability " + cap + " " + label);
        }

        @Override
        public void onAdd(final KitchenBinding.AddRequest request, final int a, final int b)
        {
            request.reply(a + b);
        }

        @Override
        public void onLookup(final KitchenBinding.LookupRequest request, final String name)
        {
            if (name.equals("later"))
            {
                deferred.add(request);
            }
            else if (name.equals("missing"))
            {
                request.fail(ErrorCode.SERVICE_NOT_FOUND);
            }
            else
            {
                request.reply(null, name.length(), name.toUpperCase());
            }
        }

        @Override
        public void onPing(final KitchenBinding.PingRequest request)
        {
            seen.add("ping");
            request.reply();
        }

        @Override
        public void onEcho(final KitchenBinding.EchoRequest request, final String text)
        {
            request.reply(text);
        }

        @Override
        public void onWeigh(final KitchenBinding.WeighRequest request, final CapRef cap)
        {
            seen.add("weigh " + cap);
            request.reply("weighed " + cap);
        }

        @Override
        public void channelClosed(final KitchenBinding binding)
        {
            closed = true;
        }
    }

    /** A completion that records what it got. */
    static final class Got<T> implements Completion<T>
    {
        T result;
        ErrorCode error;
        int calls;

        @Override
        public void complete(final T value, final ErrorCode failure)
        {
            result = value;
            error = failure;
            calls++;
        }
    }

    Port clientPort;
    Port serverPort;
    KitchenBinding client;
    KitchenBinding server;
    Recorder recorder;

    void open(final int slots)
    {
        final Channel[] pair = newPair(slots);
        clientPort = new Port(pair[0]);
        serverPort = new Port(pair[1]);
        recorder = new Recorder();
        client = new KitchenBinding(clientPort);
        server = new KitchenBinding(serverPort, recorder);
    }

    /** Polls both ends until neither has anything left to do. */
    void pump()
    {
        for (int round = 0; round < 10_000; round++)
        {
            if (clientPort.poll(64) + serverPort.poll(64) == 0 && !clientPort.hasWork() && !serverPort.hasWork())
            {
                return;
            }
        }
        throw new AssertionError("the ports never went quiet");
    }
}
