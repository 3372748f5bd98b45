package dev.flotilla.bench.caps;

import static dev.flotilla.bench.caps.CapabilityDatabase.OPERAND;
import static dev.flotilla.bench.caps.CapabilityDatabase.PAGE;
import static dev.flotilla.bench.caps.CapabilityDatabase.SCRATCH;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.cspace.Deletion;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A revoke of a 1 MiB RAM capability with 256 frame descendants, in a mapping database of a thousand and
 * of a million capabilities. The 256 frames are retyped again before each revoke, outside the timing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RevokeBenchmark
{
    /** Descendants revoked each time. */
    static final int DESCENDANTS = 256;

    @Param({"1000", "1000000"})
    public int capabilities;

    private CapabilityDatabase db;

    @Setup(Level.Trial)
    public void build()
    {
        db = new CapabilityDatabase(capabilities);
        db.core.revoke(db.cspace, OPERAND);
    }

    @Setup(Level.Invocation)
    public void retypeFrames()
    {
        db.core.retype(db.cspace, OPERAND, 0, CapType.FRAME, PAGE, DESCENDANTS, SCRATCH, 0);
    }

    /** Revoke: find the 256 descendants as one run of the database, then delete each. */
    @Benchmark
    public List<Deletion> revokeRamWith256Frames()
    {
        return db.core.revoke(db.cspace, OPERAND);
    }
}
