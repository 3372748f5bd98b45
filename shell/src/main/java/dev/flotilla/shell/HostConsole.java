package dev.flotilla.shell;

import java.io.PrintWriter;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The host's side of the shell's console: lines from a {@link LineSource} (a script, standard input or a
 * terminal), output to the host's streams.
 *
 * <p><b>Asynchronous</b> (native cores): {@link #start} runs a host thread that reads a line, hands it over
 * through a queue and waits for {@link #commandDone} before reading the next — so a terminal prompts only once
 * the command's output is out, and core 0 never waits for a person. <b>Synchronous</b> (the simulator): the
 * shell's {@link #poll} reads the line itself, on the simulator's one thread, while simulated time stands still.
 *
 * <p>Threads: the queue and the semaphore hand lines and completions between the reader thread and core 0;
 * the cancel flag is set by the terminal's signal handler and cleared by core 0.
 */
public final class HostConsole implements Console
{
    private final LineSource source;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean synchronous;
    private final LinkedBlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    private final Semaphore done = new Semaphore(0);
    private final AtomicBoolean cancel = new AtomicBoolean();
    private int number;

    /**
     * @param source      where lines come from.
     * @param out         where command output goes.
     * @param err         where errors go.
     * @param synchronous read in {@link #poll} (the simulator) instead of on a host thread.
     */
    public HostConsole(final LineSource source, final PrintWriter out, final PrintWriter err, final boolean synchronous)
    {
        this.source = source;
        this.out = out;
        this.err = err;
        this.synchronous = synchronous;
        source.onInterrupt(() -> cancel.set(true));
    }

    /** Starts the reader thread of an asynchronous console (host side, before boot). */
    public void start(final ThreadFactory threads)
    {
        if (synchronous)
        {
            return;
        }
        final Thread reader = threads.newThread(() ->
        {
            while (true)
            {
                final Line line = next();
                lines.add(line);
                if (line.isEnd())
                {
                    return;
                }
                done.acquireUninterruptibly();
            }
        });
        reader.setDaemon(true);
        reader.setName("fish-console");
        reader.start();
    }

    private Line next()
    {
        final String text = source.read();
        return text == null ? Line.END : new Line(text, ++number);
    }

    @Override
    public Line poll()
    {
        return synchronous ? next() : lines.poll();
    }

    @Override
    public void commandDone()
    {
        if (!synchronous)
        {
            done.release();
        }
    }

    @Override
    public void print(final String text)
    {
        out.println(text);
        out.flush();
    }

    @Override
    public void error(final String text)
    {
        if (source.interactive())
        {
            print(text); // one stream in a terminal, so errors stay in order with output
            return;
        }
        err.println(text);
        err.flush();
    }

    @Override
    public boolean takeCancel()
    {
        return cancel.getAndSet(false);
    }

    @Override
    public boolean keyPressed()
    {
        return source.keyPressed();
    }

    @Override
    public boolean interactive()
    {
        return source.interactive();
    }
}
