// Package cache keeps in memory what the server would otherwise read or
// render again: immutable things by key, bounded by bytes (Bounded), and
// the signed-out policy page, rendered once per change and compressed once
// with the visitor's CSRF token cut out (Pages). It knows nothing of
// policies or HTTP routes; the server decides what is kept and when a
// kept thing is still the thing.
package cache
