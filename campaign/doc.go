// Package campaign groups near-duplicate and campaign comments so that a
// drafter can see, and later answer, a mass comment campaign as one position
// with its number of signatories (issue 26, "work through many comments").
//
// The method is classic near-duplicate detection with no network model:
//
//  1. Normalise each comment: lower case, common Latin diacritics folded
//     (é → e, ü → u, also decomposed combining marks dropped), apostrophes
//     dropped, every other run of punctuation, symbols and whitespace turned
//     into one space. "Yth. Bapak/Ibu," and "yth bapak ibu" are the same.
//  2. Comments whose normalised text is identical are merged first: they are
//     exact copies.
//  3. Each distinct normalised text is cut into word shingles (runs of
//     ShingleSize consecutive words, 3 by default), hashed to 64 bits.
//  4. A MinHash signature of NumHashes values (fixed seeds) estimates the
//     Jaccard similarity of two shingle sets; LSH banding (Bands bands of
//     NumHashes/Bands rows) proposes as candidates only the pairs that agree
//     on a whole band, so 5,000 comments are not compared pairwise.
//  5. Every candidate pair is confirmed with the exact Jaccard similarity of
//     the two shingle sets; pairs at or above Options.Threshold
//     (DefaultThreshold) are joined with union-find, so a group is the
//     transitive closure of confirmed pairs. A candidate whose signatures
//     agree far less than the threshold is refused before the exact check;
//     a pair is only ever joined on its exact similarity. The bands are
//     shared out between GOMAXPROCS workers; the groups do not depend on it.
//
// Short comments (fewer than Options.MinWords normalised words, such as
// "setuju" or "tidak setuju") say too little to be called a near-duplicate:
// two people writing "setuju" have not copied a campaign text. They are never
// grouped by similarity, only with comments that are identical after
// normalisation, and such a group is marked Short so a report does not count
// it as a campaign.
//
// The result is deterministic: the hash seeds are fixed, the groups partition
// the input (a comment in no group is returned as a group of one), and groups
// are ordered largest first, then by lowest comment ID.
//
// Grouping is automatic and can be wrong. Wherever a page or report shows a
// group, it must say that the grouping was made automatically (the drafter
// can still read and answer every comment on its own).
package campaign
