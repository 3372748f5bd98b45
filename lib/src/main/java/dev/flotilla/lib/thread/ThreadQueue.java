package dev.flotilla.lib.thread;

/**
 * A FIFO of threads linked through {@link UThread#next}: the run queue, and each wait queue's waiters. The
 * link lives in the thread, so queueing allocates nothing — a thread is in at most one queue at a time.
 */
final class ThreadQueue
{
    private UThread head;
    private UThread tail;
    private int size;

    void add(final UThread thread)
    {
        assert thread.next == null && thread != tail : thread + " is already queued";
        if (tail == null)
        {
            head = thread;
        }
        else
        {
            tail.next = thread;
        }
        tail = thread;
        size++;
    }

    /** The first thread, removed; null if the queue is empty. */
    UThread poll()
    {
        final UThread first = head;
        if (first != null)
        {
            head = first.next;
            first.next = null;
            if (head == null)
            {
                tail = null;
            }
            size--;
        }
        return first;
    }

    boolean isEmpty()
    {
        return head == null;
    }

    int size()
    {
        return size;
    }
}
