package dev.flotilla.lib.domain;

import java.nio.file.Path;

/** For the tests only: a jar's domains loaded without the verifier, so that the loader's own refusal shows. */
public final class Unverified
{
    private Unverified()
    {
    }

    public static DomainCatalog fromJars(final Path dir)
    {
        return DomainCatalog.fromJars(dir, false);
    }
}
