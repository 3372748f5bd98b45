package dev.flotilla.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell at a real pseudo-terminal: tmux runs {@code flotilla} (this JVM's class path and
 * flags), the test types keys and reads the screen — the prompt, tab completion of commands and capability
 * names, history across runs, Ctrl-C cancelling a long ping (and not the system), Ctrl-D halting every core.
 * CI installs tmux ({@code .ci/run}).
 */
class InteractiveShellTest
{
    private static final long WAIT_MS = 90_000;
    private final String session = "fish-test-" + ProcessHandle.current().pid();

    @AfterEach
    void killSession() throws Exception
    {
        tmux("kill-session", "-t", session);
    }

    @Test
    void promptCompletionHistoryCancelAndCtrlD(@TempDir final Path dir) throws Exception
    {
        final Path history = dir.resolve("history");
        start(history);
        awaitScreen(s -> s.contains("fish> "), "the prompt");
        assertTrue(screen().contains("Flotilla: 2 cores on native"), screen());

        // completion: a command, a subcommand, then a capability name the shell bound
        keys("caps ret", "Tab");
        awaitScreen(s -> s.contains("fish> caps retype "), "the completed subcommand");
        keys("ram frame 0 4K 2 tabby", "Enter");
        awaitScreen(s -> s.contains("2 frame capabilities of 4096 bytes: tabby0 tabby1"), "the retype");
        keys("caps identify tab", "Tab");
        awaitScreen(s -> s.contains("tabby0") && s.contains("tabby1") && s.lastIndexOf("tabby") > s.lastIndexOf("retype"),
            "the names offered");
        keys("0", "Enter");
        awaitScreen(s -> s.contains("tabby0: frame base 0x"), "identify's answer");

        // Ctrl-C cancels the running command; the shell and the system go on
        keys("ping 1 5000000", "Enter");
        Thread.sleep(1500);
        keys("C-c");
        awaitScreen(s -> s.contains("SHELL_CANCELLED"), "the cancelled ping");
        keys("caps identify tabby1", "Enter");
        awaitScreen(s -> s.contains("tabby1: frame base 0x"), "a command after the cancel");

        // Ctrl-D halts every core: the process ends with status 0
        keys("C-d");
        awaitScreen(s -> s.contains("FISH-EXITED 0"), "the shell's exit");
        final List<String> lines = Files.readAllLines(history, StandardCharsets.UTF_8);
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("caps identify tabby1")), lines.toString());

        // history is kept across runs: a new shell's Up arrow brings back the last command
        tmux("kill-session", "-t", session);
        start(history);
        awaitScreen(s -> s.contains("fish> "), "the second prompt");
        keys("Up");
        awaitScreen(s -> s.contains("fish> caps identify tabby1"), "the remembered command");
        keys("C-u", "halt", "Enter");
        awaitScreen(s -> s.contains("FISH-EXITED 0"), "halt");
    }

    private void start(final Path history) throws Exception
    {
        assertEquals(0, tmux("-V"), "tmux must be installed (.ci/run installs it)");
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--enable-native-access") || arg.startsWith("--add-exports") || arg.startsWith("--sun-misc")
                || arg.equals("-ea"))
            {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.flotilla.runtime.Main", "--cores", "2",
            "--ping-rounds", "50"));
        final String line = "FLOTILLA_HISTORY=" + quote(history.toString()) + " " + String.join(" ",
            command.stream().map(InteractiveShellTest::quote).toList()) + "; echo FISH-EXITED $?; sleep 120";
        assertEquals(0, tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "50", line));
    }

    private static String quote(final String word)
    {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private void keys(final String... keys) throws Exception
    {
        for (final String key : keys)
        {
            final boolean named = key.equals("Enter") || key.equals("Tab") || key.equals("Up") || key.startsWith("C-");
            final List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
            if (!named)
            {
                args.add("-l");
            }
            args.add(key);
            assertEquals(0, tmux(args.toArray(String[]::new)));
            Thread.sleep(150);
        }
    }

    private String screen() throws Exception
    {
        final Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-J", "-S", "-200", "-t", session)
            .redirectErrorStream(true).start();
        final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return text;
    }

    private void awaitScreen(final Predicate<String> shown, final String what) throws Exception
    {
        final long until = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < until)
        {
            if (shown.test(screen()))
            {
                return;
            }
            Thread.sleep(200);
        }
        fail("the screen never showed " + what + ":\n" + screen());
    }

    private static int tmux(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
