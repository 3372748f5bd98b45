/** The System Knowledge Base's message interface and client stub, and multicast trees as monitors use them. */
package dev.flotilla.lib.skb;
