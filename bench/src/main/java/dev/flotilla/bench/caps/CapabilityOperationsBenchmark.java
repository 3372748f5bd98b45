package dev.flotilla.bench.caps;

import static dev.flotilla.bench.caps.CapabilityDatabase.FRAME;
import static dev.flotilla.bench.caps.CapabilityDatabase.OPERAND;
import static dev.flotilla.bench.caps.CapabilityDatabase.PAGE;
import static dev.flotilla.bench.caps.CapabilityDatabase.SCRATCH;

import dev.flotilla.caps.CapType;
import dev.flotilla.caps.Capability;
import dev.flotilla.caps.cspace.CapRef;
import dev.flotilla.caps.cspace.Deletion;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Capability operations on one core's capability state ({@code CoreCapabilities}, decode and invoke) with
 * a mapping database of a thousand and of a million capabilities: the same operation on both sizes shows
 * whether the database stays logarithmic. Each operation leaves the state as it found it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CapabilityOperationsBenchmark
{
    private static final CapRef SLOT = CapRef.of(3, 1);

    @Param({"1000", "1000000"})
    public int capabilities;

    private CapabilityDatabase db;

    @Setup
    public void build()
    {
        db = new CapabilityDatabase(capabilities);
    }

    /** Retype one 4 KiB frame from RAM (with the revoke-first range check), then delete it. */
    @Benchmark
    public List<Deletion> retypeAndDeleteFrame()
    {
        db.core.retype(db.cspace, OPERAND, PAGE, CapType.FRAME, PAGE, 1, SCRATCH, 1);
        return db.core.delete(db.cspace, SLOT);
    }

    /** Copy a frame capability into an empty slot, then delete the copy. */
    @Benchmark
    public List<Deletion> copyAndDelete()
    {
        db.core.copy(db.cspace, FRAME, SCRATCH, 1);
        return db.core.delete(db.cspace, SLOT);
    }

    /** What a capability is: a CSpace lookup and a rights check. */
    @Benchmark
    public Capability identify()
    {
        return db.core.identify(db.cspace, FRAME);
    }
}
