package policies

import (
	"context"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Topics (issue 26): each region keeps a short list of what its policies
// are about ("Pengembangan Kompetensi", "Pelayanan Publik"), each with a
// slug for links and filters (?topic=pelayanan-publik). The region's
// drafters add a topic to the list and tag a policy with some of the
// list's topics; anyone filters the policy list by one and follows one
// (Follow.TopicID). A list the region keeps, not free tags: one spelling
// per topic, so a follower of a topic is told of every policy on it.

// Topic is one topic of a region's list.
type Topic struct {
	ID       int64  `db:"id" json:"id"`
	RegionID int64  `db:"region_id" json:"region_id"`
	Slug     string `db:"slug" json:"slug"`
	Name     string `db:"name" json:"name"`
	// Policies is how many policies the viewer may read carry it (lists only).
	Policies int `db:"policies" json:"policies"`
}

// TopicTag is a topic as a policy shows it, with its region's slug.
type TopicTag struct {
	Slug   string `db:"slug" json:"slug"`
	Name   string `db:"name" json:"name"`
	Region string `db:"region" json:"-"`
}

// Path is the list of the region's policies on the topic.
func (t TopicTag) Path() string { return "/policies?region=" + t.Region + "&topic=" + t.Slug }

// MaxPolicyTopics is how many topics one policy carries at most: a topic
// on everything tells its followers nothing.
const MaxPolicyTopics = 8

// TopicSlug makes the slug of a topic's name: lower-case ASCII letters and
// digits joined by single hyphens ("Pelayanan Publik" → "pelayanan-publik").
func TopicSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(name)) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		case unicode.Is(unicode.Mn, r): // an accent of the letter before
		default:
			dash = true
		}
	}
	s := b.String()
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	return s
}

// NewTopic is a topic a region's drafter adds to the region's list.
type NewTopic struct {
	RegionID int64  `json:"-"`
	ActorID  int64  `json:"-"`
	Name     string `json:"name"`
	Slug     string `json:"slug,omitempty"`
}

// Validate trims the name, makes the slug from it when none is given and
// checks both, naming the field at fault.
func (in *NewTopic) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	if n := len([]rune(in.Name)); n < 1 || n > 80 {
		return FieldError("name", "nama topik 1 sampai 80 huruf")
	}
	in.Slug = strings.TrimSpace(in.Slug)
	if in.Slug == "" {
		in.Slug = TopicSlug(in.Name)
	}
	if in.Slug == "" || in.Slug != TopicSlug(in.Slug) {
		return FieldError("slug", "slug topik hanya huruf kecil, angka dan tanda hubung")
	}
	return nil
}

// TopicRename is a topic's new name. Its slug stays: the links, filters,
// follows and feed addresses that name it keep working.
type TopicRename struct {
	Name string `json:"name"`
}

// Validate trims the name and bounds it, naming the field.
func (in *TopicRename) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	if n := len([]rune(in.Name)); n < 1 || n > 80 {
		return FieldError("name", "nama topik 1 sampai 80 huruf")
	}
	return nil
}

// TopicRemoved is a topic taken off its region's list: the policies that
// carried it no longer do, and its follows are removed with it (their
// followers are not told: a list's topic going is no news of a policy).
type TopicRemoved struct {
	Topic
	Untagged int `json:"untagged"`        // policies that carried it
	Follows  int `json:"follows_removed"` // follows of it removed
}

// PolicyTopics sets a policy's topics by their slugs: the whole set.
type PolicyTopics struct {
	Topics []string `json:"topics"`
}

// Validate drops repeated and empty slugs and bounds the set.
func (in *PolicyTopics) Validate() error {
	seen := map[string]bool{}
	out := make([]string, 0, len(in.Topics))
	for _, s := range in.Topics {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	if len(out) > MaxPolicyTopics {
		return FieldError("topics", "paling banyak %d topik per kebijakan", MaxPolicyTopics)
	}
	in.Topics = out
	return nil
}

// TopicStore keeps the regions' topic lists and the policies' topics for
// the web layer. Each write is audited.
type TopicStore interface {
	// Topics lists a region's topics by name, each with how many policies
	// the public (or the region's staff: ownRegion) may read carry it.
	Topics(ctx context.Context, regionID, ownRegion int64) ([]Topic, error)
	// TopicBySlug reads a region's topic (KindNotFound when it has none).
	TopicBySlug(ctx context.Context, regionID int64, slug string) (Topic, error)
	// CreateTopic adds a topic to a region's list (KindConflict when its
	// slug is taken).
	CreateTopic(ctx context.Context, in NewTopic) (Topic, error)
	// TopicByID reads a topic (KindNotFound when there is none).
	TopicByID(ctx context.Context, id int64) (Topic, error)
	// RenameTopic renames a topic, its slug kept.
	RenameTopic(ctx context.Context, id, actorID int64, in TopicRename) (Topic, error)
	// RemoveTopic takes a topic off its region's list, with its tags and
	// follows.
	RemoveTopic(ctx context.Context, id, actorID int64) (TopicRemoved, error)
	// SetPolicyTopics sets a policy's topics to those of its region's list
	// named (a KindInvalid error on "topics" naming an unknown one).
	SetPolicyTopics(ctx context.Context, policyID, actorID int64, in PolicyTopics) ([]TopicTag, error)
	// TopicsOf reads the topics of each of the policies, by policy.
	TopicsOf(ctx context.Context, policyIDs []int64) (map[int64][]TopicTag, error)
}
