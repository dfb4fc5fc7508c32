package policies

import "context"

// PolicyFilter narrows a policy listing.
type PolicyFilter struct {
	RegionID int64
	Status   Status
	Limit    int
	Offset   int
}

// NewPolicy is what it takes to create a policy with its first version.
type NewPolicy struct {
	RegionID      int64
	OwnerUnitID   int64
	ChainID       *int64
	Slug          string
	Title         string
	Markdown      string
	AuthorID      int64
	ChangeSummary string
}

// Validate checks a new policy's fields, naming the first one at fault.
func (p NewPolicy) Validate() error {
	switch {
	case p.RegionID <= 0:
		return FieldError("region_id", "wilayah wajib diisi")
	case p.OwnerUnitID <= 0:
		return FieldError("owner_unit_id", "unit pemilik wajib diisi")
	case p.Slug == "" || len(p.Slug) > 120:
		return FieldError("slug", "slug wajib diisi (maksimal 120 karakter)")
	case p.Title == "" || len(p.Title) > 300:
		return FieldError("title", "judul wajib diisi (maksimal 300 karakter)")
	case p.Markdown == "":
		return FieldError("markdown", "isi kebijakan wajib diisi")
	case len(p.Markdown) > MaxDocumentBytes:
		return &Error{Kind: KindTooLarge, Field: "markdown", Message: "isi kebijakan melebihi batas 512 KB"}
	case p.AuthorID <= 0:
		return FieldError("author_id", "penulis wajib diisi")
	}
	return nil
}

// MaxDocumentBytes is the largest policy text accepted.
const MaxDocumentBytes = 512 << 10

// Store is the system of record, implemented by package postgres.
type Store interface {
	Ping(ctx context.Context) error

	Regions(ctx context.Context) ([]Region, error)
	RegionBySlug(ctx context.Context, slug string) (Region, error)
	RegionByID(ctx context.Context, id int64) (Region, error)
	Units(ctx context.Context, regionID int64) ([]Unit, error)
	UserByEmail(ctx context.Context, email string) (User, error)

	CreatePolicy(ctx context.Context, np NewPolicy) (Policy, Version, error)
	PolicyByID(ctx context.Context, id int64) (PolicySummary, error)
	Policies(ctx context.Context, f PolicyFilter) ([]PolicySummary, error)
	PolicyIDs(ctx context.Context) ([]int64, error)
	CreateVersion(ctx context.Context, policyID int64, baseNumber int, markdown string, authorID int64, summary string) (Version, error)
	CurrentVersion(ctx context.Context, policyID int64) (Version, error)
	Versions(ctx context.Context, policyID int64) ([]Version, error)
}
