/** The System Knowledge Base as a service: one dispatcher that owns the knowledge base and answers clients by message. */
package dev.flotilla.services.skb;
