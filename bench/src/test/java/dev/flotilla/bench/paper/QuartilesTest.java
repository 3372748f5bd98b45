package dev.flotilla.bench.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The median and spread that bench tables print for repeated rounds. */
class QuartilesTest
{
    @Test
    void anOddCountHasItsMiddleValueAsMedianAndInterpolatedQuartiles()
    {
        final Quartiles q = Quartiles.of(5.0, 1.0, 4.0, 2.0, 3.0);
        assertEquals(3.0, q.median());
        assertEquals(2.0, q.lower());
        assertEquals(4.0, q.upper());
        assertEquals(1.0, q.min());
        assertEquals(5.0, q.max());
        assertEquals(5, q.count());
        assertEquals("2–4", q.range()); // whole numbers print without decimals
    }

    @Test
    void anEvenCountInterpolatesBetweenTheTwoMiddleValues()
    {
        final Quartiles q = Quartiles.of(10L, 40L, 20L, 30L);
        assertEquals(25.0, q.median());
        assertEquals(17.5, q.lower());
        assertEquals(32.5, q.upper());
    }

    @Test
    void oneValueIsItsOwnMedianAndNoValuesAreNotANumber()
    {
        final Quartiles one = Quartiles.of(7.0);
        assertEquals(7.0, one.median());
        assertEquals(7.0, one.lower());
        assertEquals(7.0, one.upper());
        final Quartiles none = Quartiles.of(Double.NaN);
        assertEquals(0, none.count());
        assertTrue(Double.isNaN(none.median()));
        assertEquals("-", none.range());
    }
}
