package verify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/policies"
)

// Store is what a verification reads of the record.
type Store interface {
	VersionsByHash(ctx context.Context, sha256 string) ([]policies.VersionRef, error)
	PolicyByID(ctx context.Context, id int64) (policies.PolicySummary, error)
	DecisionRecords(ctx context.Context, policyID int64) ([]policies.DecisionRecord, error)
	Enactments(ctx context.Context, policyID int64) ([]policies.Enactment, error)
	policies.LegalProgressReader // an approved text's harmonisation and paraf
	policies.SignedDocumentStore
	CertificateStore
}

// Approval is one decision on the verified text.
type Approval struct {
	Stage     int       `json:"stage"`
	StageName string    `json:"stage_name"`
	Decider   string    `json:"decider"`
	ActingAs  string    `json:"acting_as,omitempty"` // "Plt. Sekretaris Daerah — Budi"
	Decision  string    `json:"decision"`
	At        time.Time `json:"decided_at"`
}

// Enactment is the enactment record as the verification shows it.
type Enactment struct {
	Label         string     `json:"label"` // "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026"
	Form          string     `json:"form"`
	Number        int        `json:"number"`
	Year          int        `json:"year"`
	Place         string     `json:"place"`
	EnactedOn     time.Time  `json:"enacted_on"`
	Signer        string     `json:"signer"` // "Plt. Wali Kota Sawahlunto — Nama"
	PromulgatedOn *time.Time `json:"promulgated_on,omitempty"`
	Gazette       string     `json:"gazette,omitempty"` // "Berita Daerah Kota Sawahlunto Tahun 2026 Nomor 12"
	Promulgator   string     `json:"promulgator,omitempty"`
}

// Verification is what a hash is. A hash of a version the reader may not
// read says only that it is registered and not open to the public.
type Verification struct {
	SHA256   string `json:"sha256"`
	Public   bool   `json:"public"` // false: a registered draft, not open to the public
	PolicyID int64  `json:"policy_id,omitempty"`
	Title    string `json:"title,omitempty"`
	Region   string `json:"region,omitempty"`
	Version  int    `json:"version,omitempty"`
	// Status is the text's legal state: rancangan, disetujui,
	// diharmonisasi, diparaf (every paraf given), ditetapkan
	// (not yet promulgated), diundangkan (not yet in force), berlaku, or
	// diganti (in force once, replaced by a later text in force); Since
	// the day it reached it, InForceFrom the day it takes effect once known.
	Status      string     `json:"status,omitempty"`
	Since       *time.Time `json:"since,omitempty"`
	InForceFrom *time.Time `json:"in_force_from,omitempty"`
	Approvals   []Approval `json:"approvals,omitempty"`
	Enactment   *Enactment `json:"enactment,omitempty"`
	// Signature is the electronic signature of the enacted text's PDF,
	// set once enacted (Signed false: not signed electronically).
	Signature *Signature `json:"signature,omitempty"`
	PDF       string     `json:"pdf,omitempty"`
	// Certificate is set when the hash is a certificate's (Status "sertifikat").
	Certificate *Certificate `json:"certificate,omitempty"`
}

// ErrBadHash is a path that is no SHA-256.
var ErrBadHash = &policies.Error{Kind: policies.KindBadRequest, Field: "sha256", Message: "SHA-256 harus 64 karakter heksadesimal (0-9, a-f)"}

// ErrUnknownHash is a hash of no version.
var ErrUnknownHash = policies.Errorf(policies.KindNotFound, "dokumen tidak dikenal: tidak ada versi kebijakan atau sertifikat dengan SHA-256 ini")

// Hash finds what the hash is, as the viewer may know it; chk checks the
// signature of an enacted text's PDF.
func Hash(ctx context.Context, st Store, chk Checker, vw policies.Viewer, sha string) (Verification, error) {
	sha = strings.ToLower(strings.TrimSpace(sha))
	if !policies.ValidSHA256(sha) {
		return Verification{}, ErrBadHash
	}
	refs, err := st.VersionsByHash(ctx, sha)
	if err != nil {
		return Verification{}, err
	}
	if len(refs) == 0 {
		return certificate(ctx, st, sha)
	}
	for _, ref := range refs {
		p, err := st.PolicyByID(ctx, ref.PolicyID)
		if err != nil {
			return Verification{}, err
		}
		if !vw.CanSee(p) || ref.Number > vw.LatestVisible(p) {
			continue
		}
		out := Verification{SHA256: sha, Public: true, PolicyID: p.ID, Title: p.Title, Region: p.RegionName,
			Version: ref.Number, Status: "rancangan",
			PDF: fmt.Sprintf("/policies/%d/versions/%d/pdf", p.ID, ref.Number)}
		if ref.Number == p.InForceVersion {
			lp, err := policies.ReadLegalProgress(ctx, st, p)
			if err != nil {
				return Verification{}, err
			}
			ls := lp.ApprovedState()
			out.Status, out.Since = approvedStatus[ls.Stage], ls.Since
		}
		ds, err := st.DecisionRecords(ctx, p.ID)
		if err != nil {
			return Verification{}, err
		}
		for _, d := range ds {
			if d.SHA256 != sha {
				continue
			}
			d.SetActingAs()
			out.Approvals = append(out.Approvals, Approval{Stage: d.StagePosition, StageName: d.StageName,
				Decider: d.Decider, ActingAs: d.ActingAs, Decision: d.Decision, At: d.CreatedAt})
		}
		e, err := policies.EnactmentIfAny(ctx, st, ref.VersionID)
		if err != nil {
			return Verification{}, err
		}
		if e != nil {
			if err := legalStatus(ctx, st, p, *e, &out); err != nil {
				return Verification{}, err
			}
			ve := &Enactment{Label: e.Label(p.RegionName), Form: e.Form.Name(), Number: e.Number, Year: e.Year,
				Place: e.Place, EnactedOn: e.EnactedOn, PromulgatedOn: e.PromulgatedOn,
				Signer: naskah.SignedBy(*e), Gazette: naskah.GazetteCite(*e, p.RegionName), Promulgator: naskah.PromulgatedBy(*e)}
			out.Enactment = ve
			if out.Signature, err = SignatureOf(ctx, st, chk, *e); err != nil {
				return Verification{}, err
			}
		}
		return out, nil
	}
	// Registered, but not a text this reader may read.
	return Verification{SHA256: sha}, nil
}

// approvedStatus words the state of an approved text before its enactment.
var approvedStatus = map[policies.LegalStage]string{policies.LegalApproved: "disetujui",
	policies.LegalHarmonised: "diharmonisasi", policies.LegalInitialled: "diparaf"}

// legalStatus words the legal state of an enacted text: enacted,
// promulgated, in force, or replaced by a later text in force; since when.
func legalStatus(ctx context.Context, st Store, p policies.PolicySummary, e policies.Enactment, out *Verification) error {
	es, err := st.Enactments(ctx, p.ID)
	if err != nil {
		return err
	}
	now := time.Now()
	stage, since := e.Stage(policies.Today(now, p.RegionZone))
	out.Status, out.Since = map[policies.LegalStage]string{policies.LegalEnacted: "ditetapkan",
		policies.LegalPromulgated: "diundangkan", policies.LegalInForce: "berlaku"}[stage], &since
	if from, ok := e.EffectiveDate(); ok {
		out.InForceFrom = &from
	}
	if legal := policies.LegalStateOfPolicy(p, es, now); stage == policies.LegalInForce && legal.InForceVersion != e.VersionNumber {
		out.Status = "diganti"
	}
	return nil
}
