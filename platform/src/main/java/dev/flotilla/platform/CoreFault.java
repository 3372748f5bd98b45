package dev.flotilla.platform;

/**
 * An agent on a core threw: the core halted and the fault is kept for the host to report.
 *
 * @param core  the core whose agent failed.
 * @param role  the agent's role name.
 * @param cause what it threw.
 */
public record CoreFault(int core, String role, Throwable cause)
{
}
