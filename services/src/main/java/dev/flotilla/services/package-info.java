/** System services that run as dispatchers on a core and are reached by message: the SKB server, memserv and spawnd. */
package dev.flotilla.services;
