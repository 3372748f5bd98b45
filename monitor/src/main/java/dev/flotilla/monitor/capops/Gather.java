package dev.flotilla.monitor.capops;

import dev.flotilla.base.ErrorCode;
import dev.flotilla.idl.Completion;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * One fan-out of an owner's question or step to several cores, split-phase: every call leaves at once, the
 * answers are collected, and the continuation runs once, when the last one is in (at once for no cores), with
 * every answer by core and the first failure, if any.
 *
 * @param <T> what each core answers.
 */
final class Gather<T>
{
    /** What runs once every core answered. */
    @FunctionalInterface
    interface Then<T>
    {
        void run(Map<Integer, T> answers, ErrorCode firstFailure);
    }

    private final Map<Integer, T> answers = new TreeMap<>();
    private final Then<T> then;
    private int pending;
    private ErrorCode failure;

    private Gather(final int pending, final Then<T> then)
    {
        this.pending = pending;
        this.then = then;
    }

    /** Calls {@code call(core, completion)} for each of {@code cores}, then runs {@code then} with the answers. */
    static <T> void ask(final List<Integer> cores, final BiConsumer<Integer, Completion<T>> call, final Then<T> then)
    {
        final Gather<T> gather = new Gather<>(cores.size(), then);
        if (cores.isEmpty())
        {
            then.run(Map.of(), null);
            return;
        }
        for (final int core : cores)
        {
            call.accept(core, (value, error) -> gather.answered(core, value, error));
        }
    }

    private void answered(final int core, final T value, final ErrorCode error)
    {
        if (error != null && failure == null)
        {
            failure = error;
        }
        if (error == null)
        {
            answers.put(core, value);
        }
        if (--pending == 0)
        {
            then.run(answers, failure);
        }
    }
}
