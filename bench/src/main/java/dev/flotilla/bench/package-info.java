/** The benchmark launcher, which runs Flotilla's benchmarks and the paper's experiments by name. */
package dev.flotilla.bench;
