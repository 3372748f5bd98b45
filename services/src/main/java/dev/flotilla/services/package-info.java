/** System services that run as dispatchers on a core and are reached by message: the SKB server and memserv. */
package dev.flotilla.services;
