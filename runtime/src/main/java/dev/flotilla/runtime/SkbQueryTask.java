package dev.flotilla.runtime;

import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Program;
import dev.flotilla.lib.skb.SkbAnswer;
import dev.flotilla.lib.skb.SkbClient;
import dev.flotilla.lib.skb.SkbInterface;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The boot task of {@code flotilla skb}: binds to the SKB from its core, asks one query, hands the
 * answer to the host and exits (status 0 if the SKB answered, 1 if the query failed), which halts the
 * system.
 */
final class SkbQueryTask implements Program
{
    private final String goal;
    private final int maxSolutions;
    private final long stepBudget;
    private final Consumer<SkbAnswer> host;
    private SkbClient client;

    SkbQueryTask(final String goal, final int maxSolutions, final long stepBudget, final Consumer<SkbAnswer> host)
    {
        this.goal = goal;
        this.maxSolutions = maxSolutions;
        this.stepBudget = stepBudget;
        this.host = host;
    }

    @Override
    public void start(final Dispatcher self)
    {
        self.monitor().bind(SkbInterface.SERVICE, (channel, error) ->
        {
            if (error != null)
            {
                host.accept(new SkbAnswer(List.of(), "", true, Optional.of(error.name() + ": " + error.message())));
                self.exit(1);
                return;
            }
            client = new SkbClient(channel);
            self.attach(client.port());
            client.query(goal, maxSolutions, stepBudget, (answer, failed) ->
            {
                host.accept(answer);
                self.exit(failed == null ? 0 : 1);
            });
        });
    }

}
