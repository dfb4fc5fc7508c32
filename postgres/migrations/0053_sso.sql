-- Version 53: sign-in through a city's own identity provider, OpenID
-- Connect (issue 24). Several cities share one installation, so each region
-- has at most one provider, set by its administrator; people are matched to
-- existing accounts of the region, never created. A sign-in under way is kept
-- in the browser's cookie only (its state, nonce and PKCE verifier): beginning
-- one writes nothing here.

-- A region's identity provider. The client secret is written, never read
-- back to a page or an answer; claim names the ID token's claim a person is
-- matched by: 'email' (a verified address) or the claim carrying the NIP.
CREATE TABLE region_sso (
    region_id      bigint PRIMARY KEY REFERENCES regions(id),
    issuer         text NOT NULL CHECK (issuer ~ '^https?://' AND length(issuer) <= 500),
    client_id      text NOT NULL CHECK (client_id <> '' AND length(client_id) <= 255),
    client_secret  text NOT NULL DEFAULT '' CHECK (length(client_secret) <= 500),
    claim          text NOT NULL DEFAULT 'email' CHECK (claim ~ '^[A-Za-z][A-Za-z0-9_.:-]{0,63}$'),
    enabled        boolean NOT NULL DEFAULT false,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (NOT enabled OR client_secret <> '')
);
