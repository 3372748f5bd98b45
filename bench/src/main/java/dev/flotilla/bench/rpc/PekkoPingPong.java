package dev.flotilla.bench.rpc;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.flotilla.bench.CpuPair;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Apache Pekko typed actors doing the same request/response: a ponger actor answers {@link Ping} (six
 * words and whom to answer) with {@link Pong} (their sum). Each actor runs on its own
 * {@code PinnedDispatcher} (a thread of its own), and pins that thread to a CPU as it starts: the ponger
 * to the second CPU of {@link Cpus#pair()}, the pinger to the first.
 *
 * <ul>
 *   <li>{@link #ask}: a plain thread asks the ponger ({@code AskPattern.ask}) and waits for the future:
 *       how code outside actors calls one;
 *   <li>{@link #tell}: a pinger actor and the ponger exchange {@code rounds} pings and pongs by
 *       {@code tell}, the pinger sending the next ping when the pong arrives: actor-to-actor request and
 *       response; the caller waits once per block.
 * </ul>
 *
 * <p>Two kinds of dispatcher ({@link Dispatch}): Pekko's {@code PinnedDispatcher}, whose thread parks when
 * its actor's mailbox is empty and is woken for the next message; and a one-thread
 * {@code affinity-pool-executor} at {@code idle-cpu-level = 10}, whose thread spins when idle, as
 * Flotilla's cores do (and then {@link #ask} spins on the future too). Pekko's defaults otherwise.
 */
final class PekkoPingPong implements AutoCloseable
{
    /** How each actor's thread waits for its next message. */
    enum Dispatch
    {
        /** {@code PinnedDispatcher}: a thread per actor, which parks while its mailbox is empty. */
        PINNED,
        /** A one-thread affinity pool per actor, spinning while idle ({@code idle-cpu-level = 10}). */
        SPINNING
    }
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

    /** A request: six words, and who gets the answer. */
    record Ping(long w0, long w1, long w2, long w3, long w4, long w5, ActorRef<Pong> replyTo)
    {
    }

    /** What the pinger actor receives. */
    sealed interface PingerMessage permits Run, Pong
    {
    }

    /** Run {@code rounds} round trips from base {@code base}; complete {@code done} with the last answer. */
    record Run(int rounds, long base, CompletableFuture<Long> done) implements PingerMessage
    {
    }

    /** An answer: the sum of the six words. */
    record Pong(long value) implements PingerMessage
    {
    }

    private record Actors(ActorRef<PingerMessage> pinger, ActorRef<Ping> ponger)
    {
    }

    private final ActorSystem<Void> system;
    private final Dispatch dispatch;
    /** Null when made without a pinger (for {@link #ask}, so that no idle actor thread shares the asker's CPU). */
    private final ActorRef<PingerMessage> pinger;
    private final ActorRef<Ping> ponger;

    /**
     * @param withPinger whether to start the pinger actor too ({@link #tell} needs it, {@link #ask} does not).
     */
    PekkoPingPong(final CpuPair cpus, final Dispatch dispatch, final boolean withPinger)
    {
        this.dispatch = dispatch;
        final String prefix = dispatch == Dispatch.PINNED ? "flotilla-pinned" : "flotilla-spinning";
        final CompletableFuture<Actors> spawned = new CompletableFuture<>();
        final Behavior<Void> guardian = Behaviors.setup(context ->
        {
            final ActorRef<Ping> server = context.spawn(ponger(cpus.second()), "ponger",
                DispatcherSelector.fromConfig(prefix + "-1"));
            final ActorRef<PingerMessage> client = withPinger ? context.spawn(pinger(cpus.first(), server), "pinger",
                DispatcherSelector.fromConfig(prefix + "-0")) : null;
            spawned.complete(new Actors(client, server));
            return Behaviors.empty();
        });
        system = ActorSystem.create(guardian, "flotilla-rpc-bench", config());
        final Actors actors = spawned.join();
        pinger = actors.pinger();
        ponger = actors.ponger();
    }

    private static Config config()
    {
        return ConfigFactory.parseString("""
            flotilla-pinned-0 {
              type = PinnedDispatcher
              executor = "thread-pool-executor"
              thread-pool-executor.allow-core-timeout = off
            }
            flotilla-pinned-1 = ${flotilla-pinned-0}
            flotilla-spinning-0 {
              type = Dispatcher
              executor = "affinity-pool-executor"
              affinity-pool-executor {
                parallelism-min = 1
                parallelism-max = 1
                idle-cpu-level = 10
              }
            }
            flotilla-spinning-1 = ${flotilla-spinning-0}
            pekko.loglevel = WARNING
            pekko.stdout-loglevel = WARNING
            pekko.log-dead-letters = off
            """).withFallback(ConfigFactory.defaultReference(PekkoPingPong.class.getClassLoader())).resolve();
    }

    private static Behavior<Ping> ponger(final int cpu)
    {
        return Behaviors.setup(context ->
        {
            Cpus.pin(cpu, "pekko ponger");
            return Behaviors.receiveMessage(ping ->
            {
                ping.replyTo().tell(new Pong(Words.answer(ping.w0(), ping.w1(), ping.w2(), ping.w3(), ping.w4(), ping.w5())));
                return Behaviors.same();
            });
        });
    }

    private static Behavior<PingerMessage> pinger(final int cpu, final ActorRef<Ping> ponger)
    {
        return Behaviors.setup(context ->
        {
            Cpus.pin(cpu, "pekko pinger");
            return new Pinger(context, ponger);
        });
    }

    /** The pinger actor: one block of round trips at a time. */
    private static final class Pinger extends AbstractBehavior<PingerMessage>
    {
        private final ActorRef<Ping> ponger;
        private final ActorRef<Pong> self;
        private int remaining;
        private long base;
        private CompletableFuture<Long> done;

        Pinger(final ActorContext<PingerMessage> context, final ActorRef<Ping> ponger)
        {
            super(context);
            this.ponger = ponger;
            this.self = context.getSelf().narrow();
        }

        @Override
        public Receive<PingerMessage> createReceive()
        {
            return newReceiveBuilder().onMessage(Run.class, this::onRun).onMessage(Pong.class, this::onPong).build();
        }

        private Behavior<PingerMessage> onRun(final Run run)
        {
            remaining = run.rounds();
            base = run.base();
            done = run.done();
            sendPing();
            return this;
        }

        private Behavior<PingerMessage> onPong(final Pong pong)
        {
            if (pong.value() != Words.answer(base))
            {
                done.completeExceptionally(new IllegalStateException("Pekko tell: the answer to request " + base + " is "
                    + pong.value() + ", expected " + Words.answer(base)));
                return this;
            }
            if (--remaining == 0)
            {
                done.complete(pong.value());
                return this;
            }
            base++;
            sendPing();
            return this;
        }

        private void sendPing()
        {
            ponger.tell(new Ping(base, base + 1, base + 2, base + 3, base + 4, base + 5, self));
        }
    }

    /** One round trip by ask from the calling thread; returns the checked answer. */
    long ask(final long base)
    {
        final CompletableFuture<Pong> answer = AskPattern.<Ping, Pong>ask(ponger,
            replyTo -> new Ping(base, base + 1, base + 2, base + 3, base + 4, base + 5, replyTo), ASK_TIMEOUT,
            system.scheduler()).toCompletableFuture();
        if (dispatch == Dispatch.SPINNING)
        {
            while (!answer.isDone())
            {
                Thread.onSpinWait();
            }
        }
        final long value = answer.join().value();
        Words.check("Pekko ask", base, value);
        return value;
    }

    /** {@code rounds} round trips by tell between the two actors; returns the last (checked) answer. */
    long tell(final int rounds, final long base)
    {
        if (pinger == null)
        {
            throw new IllegalStateException("made without a pinger: ask only");
        }
        final CompletableFuture<Long> done = new CompletableFuture<>();
        pinger.tell(new Run(rounds, base, done));
        return done.orTimeout(ASK_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    @Override
    public void close()
    {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
