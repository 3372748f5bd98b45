package dev.flotilla.lib.skb;

import java.util.List;
import java.util.Optional;

/**
 * The SKB's answer to a query, as a client receives it.
 *
 * @param solutions each solution as Prolog text ({@code X = 1, Y = [a]}), in the order found.
 * @param json      the whole answer as one JSON object, as the SKB rendered it.
 * @param complete  true if the SKB proved there are no more solutions.
 * @param error     the SKB's error ({@code CODE: detail}) if the query failed.
 */
public record SkbAnswer(List<String> solutions, String json, boolean complete, Optional<String> error)
{
    public SkbAnswer
    {
        solutions = List.copyOf(solutions);
    }
}
