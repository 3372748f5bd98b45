/** The System Knowledge Base: typed facts about the machine and Prolog rules that answer routing, placement, memory-affinity and transport questions. */
package dev.flotilla.skb;
