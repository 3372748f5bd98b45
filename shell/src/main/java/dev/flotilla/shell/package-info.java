/**
 * fish, the Flotilla shell: a domain with a dispatcher on every core ({@link dev.flotilla.shell.Fish}), each
 * with its own capability names ({@link dev.flotilla.shell.Session}), talking to the others through its
 * declared interface ({@link dev.flotilla.shell.FishInterface}); the terminal or script it reads is a host
 * device ({@link dev.flotilla.shell.Console}) that only its dispatcher on core 0 touches.
 */
package dev.flotilla.shell;
