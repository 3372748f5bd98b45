/** Hand-written Java answers to SKB questions: the oracle for the rule tests and the baseline for the SKB benchmark. */
package dev.flotilla.skb.reference;
