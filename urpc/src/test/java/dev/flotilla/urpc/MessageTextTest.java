package dev.flotilla.urpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MessageTextTest
{
    @ParameterizedTest
    @ValueSource(strings = {"", "skb", "exactly8", "multicast_tree(numa, 0, T).", "Grüße, 核心"})
    void roundTrips(final String text)
    {
        final long[] words = new long[MessageText.words(text) + 2];
        assertEquals(1 + MessageText.words(text), MessageText.encode(text, words, 1));
        assertEquals(text, MessageText.decode(words, 1, MessageText.words(text)));
    }

    @Test
    void refusesTextThatDoesNotFitOrWordsThatAreNotText()
    {
        assertThrows(IllegalArgumentException.class, () -> MessageText.encode("more than eight", new long[2], 0));
        assertThrows(IllegalArgumentException.class, () -> MessageText.decode(new long[] {100, 0}, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> MessageText.decode(new long[] {-1}, 0, 1));
    }
}
