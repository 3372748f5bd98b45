package dev.flotilla.bench.paper;

import java.util.List;

/**
 * One experiment's section of {@code paper.md}: the paper's claim, our result beside it, whether the claim
 * holds here, and why it differs where it does; with the files the run wrote.
 *
 * @param title   the experiment and the paper's figure or table.
 * @param claim   what the paper says, with its numbers.
 * @param result  what we measured, with ours.
 * @param verdict whether the claim holds here, in a few words.
 * @param why     why our numbers differ from the paper's where they do.
 * @param files   the tables and charts written, relative to the results folder.
 */
public record Section(String title, String claim, String result, String verdict, String why, List<String> files)
{
    public Section
    {
        files = List.copyOf(files);
    }

    /** A section for an experiment whose OS part does not exist yet: nothing measured, nothing faked. */
    public static Section notYetAvailable(final String title, final String claim, final String missing)
    {
        return new Section(title, claim, "not yet available: " + missing, "not tested yet", "-", List.of());
    }

    /** The section as Markdown, under a level-2 heading. */
    public String markdown()
    {
        final StringBuilder text = new StringBuilder("## ").append(title).append("\n\n")
            .append("**The paper:** ").append(claim).append("\n\n")
            .append("**Here:** ").append(result).append("\n\n")
            .append("**Does the claim hold here?** ").append(verdict).append("\n\n")
            .append("**Why it differs:** ").append(why).append("\n\n");
        if (!files.isEmpty())
        {
            text.append("Files:");
            for (final String file : files)
            {
                text.append(file.endsWith(".png") ? " ![" + file + "](" + file + ")" : " [" + file + "](" + file + ")");
            }
            text.append("\n\n");
        }
        return text.toString();
    }
}
