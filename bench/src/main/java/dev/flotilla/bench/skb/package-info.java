/** The SKB benchmark: query latency of the System Knowledge Base against hand-written Java answers. */
package dev.flotilla.bench.skb;
