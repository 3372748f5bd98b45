package dev.flotilla.urpc;

/**
 * The result of creating a channel: the creator's endpoint and how the other endpoint is reached.
 *
 * @param local      the creator's endpoint.
 * @param peer       LMP only: the other endpoint, on the same core; null otherwise.
 * @param descriptor cross-core only: what the peer core attaches with; null for LMP.
 */
public record ChannelSetup(Channel local, Channel peer, ChannelDescriptor descriptor)
{
}
