/** spawnd, one per core: the user-facing service that starts domains on its core and spans, stops and lists them. */
package dev.flotilla.services.spawnd;
