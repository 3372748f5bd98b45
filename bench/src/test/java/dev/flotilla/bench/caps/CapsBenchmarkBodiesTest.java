package dev.flotilla.bench.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each benchmark body runs once, does what it says and leaves the state as it found it. */
class CapsBenchmarkBodiesTest
{
    @Test
    void theDatabaseHoldsAboutTheAskedNumberOfCapabilitiesAndKeepsItsInvariants()
    {
        final CapabilityDatabase db = new CapabilityDatabase(1000);
        assertTrue(db.size() >= 1000 && db.size() < 1100, "size " + db.size());
        db.core.checkInvariants();
    }

    @Test
    void operationsLeaveTheDatabaseAsTheyFoundIt()
    {
        final CapabilityOperationsBenchmark ops = new CapabilityOperationsBenchmark();
        ops.capabilities = 1000;
        ops.build();
        final RevokeBenchmark revoke = new RevokeBenchmark();
        revoke.capabilities = 1000;
        revoke.build();
        for (int i = 0; i < 3; i++)
        {
            assertEquals(1, ops.retypeAndDeleteFrame().size());
            assertEquals(1, ops.copyAndDelete().size());
            revoke.retypeFrames();
            assertEquals(RevokeBenchmark.DESCENDANTS, revoke.revokeRamWith256Frames().size());
        }
        assertEquals(CapabilityDatabase.PAGE, ops.identify().size());
    }

    @Test
    void kernelAndTranslationBodiesRun()
    {
        final KernelInvocationBenchmark kernel = new KernelInvocationBenchmark();
        kernel.boot();
        kernel.step();
        kernel.identify();
        kernel.retypeZeroAndDeleteFrame();
        kernel.mapAndUnmapFrame();
        kernel.mapAndUnmapFrame();
        kernel.shutDown();

        final TranslationBenchmark translation = new TranslationBenchmark();
        translation.boot();
        translation.writeTranslated();
        translation.writeDirect();
        for (int i = 0; i < 4; i++)
        {
            assertEquals(translation.readDirectAlternating(), translation.readTranslatedWalking());
        }
        translation.shutDown();
    }
}
