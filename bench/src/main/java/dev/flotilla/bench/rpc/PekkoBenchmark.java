package dev.flotilla.bench.rpc;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Pekko's request/response round trips ({@link PekkoPingPong}), in ns per round trip: {@code ask} from
 * the benchmark's thread (pinned to the client's CPU), and blocks of {@value #TELL_BLOCK} {@code tell}
 * round trips between two actors (the benchmark's thread only starts a block and waits for its end).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PekkoBenchmark
{
    /** Round trips per {@code tell} invocation. */
    static final int TELL_BLOCK = 1_000;

    private PekkoPingPong actors;
    private long base;

    @Setup(Level.Trial)
    public void start()
    {
        Cpus.pin(Cpus.pair().first(), "asker");
        actors = new PekkoPingPong(Cpus.pair());
    }

    @TearDown(Level.Trial)
    public void stop()
    {
        actors.close();
    }

    /** One round trip by ask. */
    @Benchmark
    public long ask()
    {
        return actors.ask(base++);
    }

    /** {@value #TELL_BLOCK} round trips by tell, actor to actor. */
    @Benchmark
    @OperationsPerInvocation(TELL_BLOCK)
    public long tell()
    {
        final long answer = actors.tell(TELL_BLOCK, base);
        base += TELL_BLOCK;
        return answer;
    }
}
