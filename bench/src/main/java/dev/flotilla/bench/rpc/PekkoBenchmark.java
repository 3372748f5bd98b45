package dev.flotilla.bench.rpc;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Pekko's request/response round trips ({@link PekkoPingPong}), in ns per round trip, on each kind of
 * dispatcher: {@code ask} from the benchmark's thread (pinned to the client's CPU; no pinger actor exists,
 * so no idle actor thread shares that CPU), and blocks of {@value #TELL_BLOCK} {@code tell} round trips
 * between two actors (the benchmark's thread only starts a block and waits, parked, for its end).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PekkoBenchmark
{
    /** Round trips per {@code tell} invocation. */
    static final int TELL_BLOCK = 1_000;

    @Param({"PINNED", "SPINNING"})
    public String dispatcher;

    /** The asking side: the ponger alone. */
    @State(Scope.Thread)
    public static class Asker
    {
        PekkoPingPong actors;
        long base;

        @Setup(Level.Trial)
        public void start(final PekkoBenchmark benchmark)
        {
            Cpus.pin(Cpus.pair().first(), "asker");
            actors = new PekkoPingPong(Cpus.pair(), PekkoPingPong.Dispatch.valueOf(benchmark.dispatcher), false);
        }

        @TearDown(Level.Trial)
        public void stop()
        {
            actors.close();
        }
    }

    /** Two actors playing ping-pong. */
    @State(Scope.Thread)
    public static class Players
    {
        PekkoPingPong actors;
        long base;

        @Setup(Level.Trial)
        public void start(final PekkoBenchmark benchmark)
        {
            actors = new PekkoPingPong(Cpus.pair(), PekkoPingPong.Dispatch.valueOf(benchmark.dispatcher), true);
        }

        @TearDown(Level.Trial)
        public void stop()
        {
            actors.close();
        }
    }

    /** One round trip by ask. */
    @Benchmark
    public long ask(final Asker asker)
    {
        return asker.actors.ask(asker.base++);
    }

    /** {@value #TELL_BLOCK} round trips by tell, actor to actor. */
    @Benchmark
    @OperationsPerInvocation(TELL_BLOCK)
    public long tell(final Players players)
    {
        final long answer = players.actors.tell(TELL_BLOCK, players.base);
        players.base += TELL_BLOCK;
        return answer;
    }
}
