/** The logic engine behind the SKB: the {@link dev.flotilla.skb.engine.LogicEngine} contract and its sandboxed, step-metered Projog implementation. */
package dev.flotilla.skb.engine;
