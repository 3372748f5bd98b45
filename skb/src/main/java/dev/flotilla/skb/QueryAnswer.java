package dev.flotilla.skb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to one query: the bindings of each solution found, in the order the engine found them.
 *
 * @param goal      the goal as asked.
 * @param solutions one map per solution, variable name to its value, in the order the variables
 *                  appear in the goal; variables whose names start with {@code _} are left out.
 * @param complete  true if the engine proved there are no further solutions; false if it stopped at
 *                  the solution limit.
 * @param steps     the steps (predicate calls and retries) the query used, counted against its budget.
 * @param output    what the goal wrote with {@code write/1} and friends (Barrelfish's SKB answers its
 *                  {@code run} requests with this text), empty if nothing.
 */
public record QueryAnswer(String goal, List<Map<String, Term>> solutions, boolean complete, long steps,
    String output)
{
    private static final ObjectMapper WRITER = new ObjectMapper();

    public QueryAnswer
    {
        final List<Map<String, Term>> copy = new ArrayList<>(solutions.size());
        for (final Map<String, Term> solution : solutions)
        {
            copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(solution)));
        }
        solutions = Collections.unmodifiableList(copy);
    }

    /** True if the goal has at least one solution. */
    public boolean succeeded()
    {
        return !solutions.isEmpty();
    }

    /** Each solution as Prolog text, {@code X = 1, Y = [a,b]}, or {@code true} for a solution without variables. */
    public List<String> solutionTexts()
    {
        return solutions.stream().map(QueryAnswer::text).toList();
    }

    /**
     * One JSON object: {@code {"goal":..,"solutions":[{"X":..},..],"complete":..,"steps":..,"output":..}};
     * values are the JSON forms of {@link Term#toJson()} with the Prolog text beside them under
     * {@code "text"}.
     */
    public String toJson()
    {
        final ObjectNode json = JsonNodeFactory.instance.objectNode().put("goal", goal);
        final ArrayNode all = json.putArray("solutions");
        for (final Map<String, Term> solution : solutions)
        {
            final ObjectNode bindings = all.addObject();
            solution.forEach((name, value) ->
            {
                final ObjectNode binding = bindings.putObject(name);
                binding.set("value", value.toJson());
                binding.put("text", value.toString());
            });
        }
        json.put("complete", complete).put("steps", steps).put("output", output);
        try
        {
            return WRITER.writeValueAsString(json);
        }
        catch (final JsonProcessingException e)
        {
            throw new IllegalStateException("a tree of plain JSON values always writes", e);
        }
    }

    private static String text(final Map<String, Term> solution)
    {
        if (solution.isEmpty())
        {
            return "true";
        }
        return String.join(", ", solution.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList());
    }
}
