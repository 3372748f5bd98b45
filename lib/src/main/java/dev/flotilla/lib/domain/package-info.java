/**
 * Domains: the programs users write, started by name and spanning cores, one dispatcher per core
 * ({@link dev.flotilla.lib.domain.Domain}, {@link dev.flotilla.lib.domain.DomainContext}); the
 * {@link dev.flotilla.lib.domain.DomainCatalog} finds them (built-ins and jars, through
 * {@link java.util.ServiceLoader}); {@link dev.flotilla.lib.domain.DomainProgram} runs one in a dispatcher.
 */
package dev.flotilla.lib.domain;
