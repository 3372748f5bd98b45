/**
 * The mapping database: every capability on a core, ordered so that copies sit together and
 * descendants follow their ancestor, with range queries in logarithmic time.
 *
 * <h2>Design memo</h2>
 *
 * <p><b>What it is for.</b> The database answers the questions the capability rules ask: does this
 * capability have copies (so deleting it frees nothing)? Does it have descendants (so revoke must
 * reach them, and a retype over their range must fail with {@code REVOKE_FIRST})? What capabilities
 * name memory overlapping, containing or inside a physical range? It stores every capability of the
 * core exactly once, whatever CNode holds it. Barrelfish keeps the same structure in
 * {@code lib/mdb/mdb_tree.c}.
 *
 * <p><b>Order.</b> {@link dev.flotilla.caps.mdb.MdbOrder} sorts by (type root, base ascending, size
 * descending, type in declaration order, equality fields, serial). Hence:
 * <ul>
 *   <li>copies of a capability are adjacent (they differ only in serial), so "has copies" looks at
 *       the two neighbours;</li>
 *   <li>an ancestor sorts before its descendants (it starts no later; at the same start it is larger
 *       or, equally large, of an earlier-declared type), and since ranges nest, everything between an
 *       ancestor and its last descendant is also its descendant: the descendants are one contiguous
 *       run after the copies. "Has descendants" looks at one successor; revoke walks successors
 *       while they are copies or descendants.</li>
 * </ul>
 *
 * <p><b>Structure.</b> An AA tree (Andersson's simplification of the red-black tree: one level per
 * node, two rebalancing rotations, skew and split), mirrored to lean left so that the ascending
 * insertions capabilities mostly arrive in build along its short side ({@code AaTree} says why); height
 * at most 2 log2(n + 1). Each node also
 * keeps the largest and the smallest end address of its subtree, recomputed in O(1) from its
 * children whenever a rotation or an insertion or deletion path touches it, which makes the tree an
 * interval tree. A node caches its entry's sort key ({@code MdbKey}), so a descent reads one object per
 * level. Neighbour searches ({@code higher}, {@code lower}) descend from the root and take
 * keys that need not be stored, so a probe with serial {@code Long.MIN_VALUE} or
 * {@code Long.MAX_VALUE} lands before or after every copy of a capability.
 *
 * <p><b>Range queries.</b> Each is a window of the order (for example, base below the range's end)
 * plus a test on the end address that one aggregate decides exactly (end above the range's start:
 * the subtree's max end). {@code RangeSearch} explains why one answer costs O(log n) and k answers
 * O((k + 1) log n). "Overlapping" uses max end, "containing" max end, "inside" min end, and retype's
 * "revoke first" test is "overlapping, among entries after the source's copies".
 *
 * <p><b>Invariants</b> ({@link dev.flotilla.caps.mdb.MdbInvariant}, checked by
 * {@code checkInvariants()} in O(n × nesting depth)):
 * <ol>
 *   <li>the AA level rules, strict in-order increase, exact augmentation, and the size count —
 *       these hold for any set of entries;</li>
 *   <li>the capability rules then keep ranges of one type tree <em>nested</em> (disjoint or one
 *       inside the other, never partly overlapping), and a range nested inside another descends from
 *       it — except that a mapping capability, which takes the range of the object it maps,
 *       encloses nothing: it sits directly under a live copy of its object. Those two facts are what
 *       make Barrelfish's rule "ancestry = type derivation + range containment" exact.</li>
 * </ol>
 *
 * <p><b>Complexity.</b> insert, remove, contains, higher, lower, hasCopies, hasDescendants,
 * hasAncestors, anyOverlapping, anyInside, innermostContaining, descendantOverlapping: O(log n).
 * Listing queries and copiesAndDescendants: O((k + 1) log n) for k results.
 */
package dev.flotilla.caps.mdb;
