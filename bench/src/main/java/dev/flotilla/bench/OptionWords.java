package dev.flotilla.bench;

/** The words after an option on a benchmark's command line: its value, or its value as a number. */
public final class OptionWords
{
    private OptionWords()
    {
    }

    /**
     * The word at {@code i}, the value of {@code option}.
     *
     * @throws IllegalArgumentException if the arguments end before it.
     */
    public static String value(final String[] args, final int i, final String option)
    {
        if (i >= args.length)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /**
     * The word at {@code i} as a number.
     *
     * @throws IllegalArgumentException if it is missing or not a number, naming the option and the word.
     */
    public static long number(final String[] args, final int i, final String option)
    {
        final String text = value(args, i, option);
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(option + " needs a number, not '" + text + "'");
        }
    }
}
