package dev.flotilla.idl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The open-addressed call table behaves as a map from token to call, through growth, collisions and wrap. */
class CallTableTest
{
    private static Completion<Object> call()
    {
        return (result, error) -> { };
    }

    @Test
    void holdsAndReturnsCallsByToken()
    {
        final CallTable table = new CallTable();
        final Completion<Object> one = call();
        final Completion<Object> two = call();
        table.put(1, one);
        table.put(2, two);
        assertEquals(2, table.size());
        assertSame(two, table.remove(2));
        assertNull(table.remove(2));
        assertNull(table.remove(0));
        assertNull(table.remove(-5));
        assertSame(one, table.remove(1));
        assertEquals(0, table.size());
    }

    @Test
    void agreesWithAMapUnderRandomOperations()
    {
        final Random random = new Random(40);
        final CallTable table = new CallTable();
        final Map<Long, Completion<Object>> model = new HashMap<>();
        final List<Long> live = new ArrayList<>();
        long next = 1;
        for (int step = 0; step < 200_000; step++)
        {
            if (live.isEmpty() || random.nextInt(100) < 52)
            {
                // mostly consecutive tokens, now and then a jump so that homes collide across the table
                next += random.nextInt(50) == 0 ? 1 + random.nextInt(1 << 12) : 1;
                final Completion<Object> c = call();
                table.put(next, c);
                model.put(next, c);
                live.add(next);
            }
            else
            {
                final long token = live.remove(random.nextInt(live.size()));
                assertSame(model.remove(token), table.remove(token), "token " + token);
            }
            assertEquals(model.size(), table.size());
        }
        for (final long token : live)
        {
            assertSame(model.get(token), table.remove(token));
        }
        assertEquals(0, table.size());
    }

    @Test
    void drainsInTheOrderTheCallsWereMade()
    {
        final CallTable table = new CallTable();
        final List<Completion<Object>> made = new ArrayList<>();
        for (long token = 1; token <= 100; token++)
        {
            final Completion<Object> c = call();
            made.add(c);
            table.put(token * 7, c); // spread over the table and around its end
        }
        assertEquals(made, table.drain());
        assertEquals(0, table.size());
        assertNull(table.remove(7));
    }
}
