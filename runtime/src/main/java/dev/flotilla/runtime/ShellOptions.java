package dev.flotilla.runtime;

import picocli.CommandLine.Option;

/** The options of the commands that run the shell ({@code shell}, {@code run}): how results print, when it stops. */
final class ShellOptions
{
    @Option(names = "--json", description = "Print every command's result as one JSON object on one line.")
    boolean json;

    @Option(names = "--keep-going",
        description = "Reading a script or a pipe: go on past failing commands (the exit status is still 1 if one failed).")
    boolean keepGoing;
}
