package dev.flotilla.lib.domain;

import dev.flotilla.idl.Completion;
import dev.flotilla.idl.Port;
import dev.flotilla.idl.Reply;
import dev.flotilla.lib.Dispatcher;
import dev.flotilla.lib.Launch;
import dev.flotilla.lib.Program;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one dispatcher of a {@link Domain}: starts its first user-level thread — {@link Domain#main} in the
 * domain's first dispatcher, {@link Domain#spanned} in the others — and exits the dispatcher once its last
 * thread has ended. A checked exception out of the domain's code ends the thread like any other, and the
 * dispatcher stops the domain's dispatcher for it ({@link Dispatcher}).
 */
public final class DomainProgram implements Program
{
    private final Domain domain;
    private boolean running;

    public DomainProgram(final Domain domain)
    {
        this.domain = domain;
    }

    @Override
    public void start(final Dispatcher self)
    {
        final Context context = new Context(self);
        self.thread(context.isFirst() ? "main" : "spanned", () ->
        {
            try
            {
                if (context.isFirst())
                {
                    domain.main(context);
                }
                else
                {
                    domain.spanned(context);
                }
            }
            catch (final RuntimeException | Error e)
            {
                throw e;
            }
            catch (final Exception e)
            {
                throw new IllegalStateException("domain " + self.launch().program() + " threw " + e, e);
            }
        });
        running = true;
    }

    @Override
    public int step(final Dispatcher self, final long nowNs)
    {
        if (running && self.threads().alive() == 0)
        {
            running = false;
            self.exit(0);
            return 1;
        }
        return 0;
    }

    /** The domain's view of its dispatcher. */
    private static final class Context implements DomainContext
    {
        private final Dispatcher self;
        private final Launch launch;

        Context(final Dispatcher self)
        {
            this.self = self;
            this.launch = self.launch();
        }

        @Override
        public long domainId()
        {
            return launch.domainId();
        }

        @Override
        public String domainName()
        {
            return launch.program();
        }

        @Override
        public List<String> args()
        {
            return launch.args();
        }

        @Override
        public int core()
        {
            return self.core();
        }

        @Override
        public int systemCores()
        {
            return launch.systemCores();
        }

        @Override
        public boolean isFirst()
        {
            return launch.first();
        }

        @Override
        public void span(final int core)
        {
            this.<Void>await(done -> self.monitor().span(core, done));
        }

        @Override
        public long spawn(final int core, final String name, final List<String> args)
        {
            return this.<Long>await(done -> self.monitor().spawnDomain(core, name, args, done));
        }

        @Override
        public void export(final String name, final Consumer<Port> onClient)
        {
            this.<Boolean>await(done -> self.monitor().export(name, channel ->
            {
                final Port port = new Port(channel);
                self.attach(port);
                onClient.accept(port);
            }, done));
        }

        @Override
        public Port bind(final String name)
        {
            final Port port = new Port(this.<dev.flotilla.urpc.Channel>await(done -> self.monitor().bind(name, done)));
            self.attach(port);
            return port;
        }

        /** Makes a split-phase call and waits for its reply in the calling thread. */
        private <T> T await(final Consumer<Completion<T>> call)
        {
            final Reply<T> reply = new Reply<>();
            call.accept(reply);
            self.threads().await(reply);
            return reply.get();
        }

        @Override
        public void thread(final String name, final Runnable body)
        {
            self.thread(name, body);
        }

        @Override
        public void sleepNs(final long ns)
        {
            self.threads().sleep(ns);
        }

        @Override
        public Dispatcher dispatcher()
        {
            return self;
        }
    }
}
