// Package timeline reads a policy's history as a viewer may read it: its
// consultations (with their summaries), its approval runs with their
// decisions, and, for the policy's own region only, the audit log of every
// action and who took it.
package timeline
