// Package verify says what a document's SHA-256 is — the hash printed at
// the foot of every page of a policy's PDF, behind its QR code: which
// policy and version, who approved that text, the enactment record as
// package naskah words it — as the reader may know it (policies.Viewer).
// The server answers it as the public verification page and as JSON.
package verify
