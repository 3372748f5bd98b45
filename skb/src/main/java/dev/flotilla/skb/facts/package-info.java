/** Turns what Java knows (a {@code Machine}, a measured round-trip matrix, runtime events) into SKB facts as Prolog text. */
package dev.flotilla.skb.facts;
