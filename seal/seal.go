// Package seal signs the official PDF of a legal act — an enactment by
// its signer, a promulgation by its promulgator — with the key the
// operator supplied for that official or the region (package signing),
// and keeps the signed file (policies.SignedDocumentStore). The server
// calls it when the legal unit records the act; make dev's sample data
// calls it for the acts it records.
package seal

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/signing"
)

// Store is what sealing reads and writes.
type Store interface {
	UserByID(ctx context.Context, id int64) (policies.User, error)
	VersionByNumber(ctx context.Context, policyID int64, n int) (policies.Version, error)
	Parafs(ctx context.Context, versionID int64) ([]policies.Paraf, error)
	policies.SignedDocumentStore
}

// Sealer signs and keeps official PDFs.
type Sealer struct {
	Store Store
	Keys  *signing.Keys
	// Render renders the official document (a pdf.Renderer's Render).
	Render func(ctx context.Context, d naskah.Document) ([]byte, error)
	// VerifyURL is the public verification page of a text's SHA-256, as
	// the QR code prints it.
	VerifyURL func(sha string) string
}

// Act signs the PDF of the enactment's text as it prints after the act
// and keeps it, when a key is configured for the official who performs
// the act or for the region; without one it does nothing (the document
// stays unsigned, and the pages say so).
func (s Sealer) Act(ctx context.Context, p policies.PolicySummary, region policies.Region, e policies.Enactment, act policies.SignedAct, actorID int64) error {
	name, id, reason := e.SignerName, e.SignerID, "Penetapan "+e.Label(p.RegionName)
	if act == policies.ActPromulgated {
		if e.PromulgatorID == nil || e.PromulgatorName == nil {
			return errors.New("seal: promulgation without promulgator")
		}
		name, id, reason = *e.PromulgatorName, *e.PromulgatorID, "Pengundangan "+naskah.GazetteCite(e, p.RegionName)
	}
	official, err := s.Store.UserByID(ctx, id)
	if err != nil {
		return err
	}
	signer, ok := s.Keys.Signer(region.Slug, official.Email)
	if !ok {
		return nil
	}
	v, err := s.Store.VersionByNumber(ctx, p.ID, e.VersionNumber)
	if err != nil {
		return err
	}
	ps, err := s.Store.Parafs(ctx, v.ID) // the paraf column the document prints
	if err != nil {
		return err
	}
	raw, err := s.Render(ctx, naskah.New(naskah.Source{Policy: p.Policy, Version: v, Enactment: &e, Region: region, VerifyURL: s.VerifyURL(v.SHA256), Parafs: ps}))
	if err != nil {
		return err
	}
	signed, err := signer.Sign(ctx, raw, signing.Request{Name: name, Reason: reason, Location: e.Place, Time: time.Now().Truncate(time.Second)})
	if err != nil {
		return err
	}
	chk := s.Keys.Check(signed)
	sum := sha256.Sum256(signed)
	return s.Store.SaveSignedDocument(ctx, p.RegionID, actorID, policies.SignedDocument{EnactmentID: e.ID, Act: act,
		PDF: signed, SHA256: hex.EncodeToString(sum[:]), SignerName: name, Subject: chk.Subject, SignedAt: chk.At})
}
