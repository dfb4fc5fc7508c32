// Package sso signs people in through a city's identity provider with
// OpenID Connect: the authorization code flow with PKCE, a state and a
// nonce (golang.org/x/oauth2), and the ID token verified by
// github.com/coreos/go-oidc/v3 (signature from the provider's published
// keys, issuer, audience, expiry), with its nonce checked here.
//
// Its HTTP requests go to the issuer only. A region administrator chooses
// the issuer, and Policyflow calls it from inside the government's
// network, so, as with units' webhooks (package webhookaddr), every
// connection must reach a public internet address; and a request to any
// host but the issuer's (a discovery document naming another host for its
// keys or token endpoint, a redirect) is refused. An installation whose
// cities run their provider on the internal network names those hosts in
// OIDC_PRIVATE_ISSUERS: only these may be on private addresses.
package sso
