package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
)

// Topics of policies (issue 26; policies/topic.go): the region's list on
// /topics (its drafters add to it), a policy's topics set by its region's
// drafters on its page, the policy list filtered by one (?topic=slug),
// each topic followed (follow.go) and read as a feed (feeds.go).

func init() {
	pageNames = append(pageNames, "topics")
	doneKeys["topics_done_renamed"], doneKeys["topics_done_removed"] = true, true // the notices of a rename and a removal
}

func topicPages() []pageRoute {
	return []pageRoute{
		{"GET", "/topics", anyone, (*Server).handleTopicsPage},
		{"POST", "/topics", drafter, formSays(topicFromForm, (*Server).createTopic, func(_ string, _ policies.NewTopic, t topicCreated) string {
			return saying("/topics?"+url.Values{"region": {t.Region}}.Encode(), "topics_done_added")
		})},
		{"POST", "/topics/{topic}", regionAdmins, formSaysOn((*Server).loadAdminTopic, topicRenameFromForm, (*Server).renameTopic,
			func(_ string, _ policies.TopicRename, t topicCreated) string {
				return saying("/topics?"+url.Values{"region": {t.Region}}.Encode(), "topics_done_renamed")
			})},
		{"POST", "/topics/{topic}/delete", regionAdmins, formSaysOn((*Server).loadAdminTopic, noForm, (*Server).removeTopic,
			func(_ string, _ struct{}, t topicRemoved) string {
				return saying("/topics?"+url.Values{"region": {t.Region}}.Encode(), "topics_done_removed")
			})},
		{"POST", "/policies/{id}/topics", drafter, formSaysOn((*Server).loadRegionPolicy, policyTopicsFromForm, (*Server).setPolicyTopics,
			func(_ string, _ policies.PolicyTopics, out policyTopicsSet) string {
				return saying(out.Path, "topics_done_set")
			})},
	}
}

func topicAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/topics", "Daftar topik kebijakan sebuah wilayah (region: slug wilayah; bawaan: wilayah pengguna) dengan jumlah kebijakannya", anyone, apiRead((*Server).topicList), nil},
		{"POST", "/topics", "Tambah topik ke daftar topik wilayah saya (slug dibuat dari nama bila kosong)", drafter, apiWrite(http.StatusCreated, (*Server).createTopic), policies.NewTopic{}},
		{"POST", "/topics/{topic}", "Ganti nama topik wilayah saya (administrator wilayah); slug tetap, jadi tautan, umpan dan langganan tetap berlaku", regionAdmins, apiWriteOn(http.StatusOK, (*Server).loadAdminTopic, (*Server).renameTopic), policies.TopicRename{}},
		{"POST", "/topics/{topic}/delete", "Hapus topik dari daftar wilayah saya (administrator wilayah): kebijakan dilepas dari topik itu, langganannya dihapus tanpa pemberitahuan", regionAdmins, apiDo((*Server).removeURLTopic), nil},
		{"POST", "/policies/{id}/topics", "Atur topik kebijakan: seluruh himpunan, dengan slug dari daftar topik wilayahnya", drafter, apiWriteOn(http.StatusOK, (*Server).loadRegionPolicy, (*Server).setPolicyTopics), policies.PolicyTopics{}},
	}
}

// topicAnswers are the answers of the topic routes, for the OpenAPI document.
func topicAnswers() map[string]apiAnswer {
	return map[string]apiAnswer{
		"GET /topics":                 ok(topicListAnswer{}),
		"POST /topics":                created(topicCreated{}),
		"POST /topics/{topic}":        ok(topicCreated{}),
		"POST /topics/{topic}/delete": ok(topicRemoved{}),
		"POST /policies/{id}/topics":  ok(policyTopicsSet{}),
	}
}

// topicQueries are the query parameters of the topic routes.
func topicQueries() map[string][]apiQuery {
	return map[string][]apiQuery{"GET /topics": {{"region", "a region's slug (default: one's own region)", map[string]any{"type": "string"}}}}
}

// topicRegion is the region whose topics are asked for: the query's, else
// the viewer's; the zero Region for neither.
func (s *Server) topicRegion(r *http.Request) (policies.Region, error) {
	if r.URL.Query().Get("region") != "" {
		return s.queryRegionRecord(r)
	}
	if id := viewerOf(r).RegionID(); id != 0 {
		return s.store.RegionByID(r.Context(), id)
	}
	return policies.Region{}, nil
}

// topicListAnswer is a region's topics.
type topicListAnswer struct {
	Region string           `json:"region"`
	Topics []policies.Topic `json:"topics"`
}

func (s *Server) topicList(r *http.Request) (topicListAnswer, error) {
	rg, err := s.topicRegion(r)
	if err != nil {
		return topicListAnswer{}, err
	}
	if rg.ID == 0 {
		return topicListAnswer{}, policies.FieldError("region", "pilih wilayah (region)")
	}
	ts, err := s.store.Topics(r.Context(), rg.ID, viewerOf(r).StaffRegionID())
	return topicListAnswer{Region: rg.Slug, Topics: ts}, err
}

// topicRow is a topic as the list page shows it, with its links.
type topicRow struct {
	policies.Topic
	List, Follow, Feed string
}

// handleTopicsPage lists a city's topics, each with its policies, a
// follow link and a feed; the region's drafters add to the list. With no
// city chosen it names the cities.
func (s *Server) handleTopicsPage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	rg, err := s.topicRegion(r)
	if err != nil {
		return err
	}
	data := map[string]any{"Title": messages[lang]["topics_title"], "Region": rg, "Done": doneText(r, lang)}
	if rg.ID == 0 {
		if data["Regions"], err = s.store.Regions(r.Context()); err != nil {
			return err
		}
		s.render(w, r, lang, http.StatusOK, "topics", data)
		return nil
	}
	ts, err := s.store.Topics(r.Context(), rg.ID, viewerOf(r).StaffRegionID())
	if err != nil {
		return err
	}
	rows := make([]topicRow, len(ts))
	for i, t := range ts {
		q := url.Values{"region": {rg.Slug}, "topic": {t.Slug}}.Encode()
		rows[i] = topicRow{t, "/policies?" + q, "/follow?" + q, "/policies.atom?" + q}
	}
	v := viewerOf(r)
	data["Rows"] = rows
	data["CanAdd"] = v.Is(policies.RoleDrafter) && v.Staff(rg.ID)
	data["CanEdit"] = v.Is(policies.RoleAdmin) && v.Staff(rg.ID)
	s.render(w, r, lang, http.StatusOK, "topics", data)
	return nil
}

func topicFromForm(r *http.Request) (policies.NewTopic, error) {
	return policies.NewTopic{Name: r.PostFormValue("name"), Slug: r.PostFormValue("slug")}, nil
}

// topicCreated is a topic added, with its region's slug.
type topicCreated struct {
	policies.Topic
	Region string `json:"region"`
}

// createTopic adds a topic to the list of the drafter's region.
func (s *Server) createTopic(r *http.Request, in policies.NewTopic) (topicCreated, error) {
	v := viewerOf(r)
	rg, err := s.store.RegionByID(r.Context(), v.RegionID())
	if err != nil {
		return topicCreated{}, err
	}
	if err := staffOf(v, rg.ID); err != nil {
		return topicCreated{}, err
	}
	in.RegionID, in.ActorID = rg.ID, v.User.ID
	t, err := s.store.CreateTopic(r.Context(), in)
	return topicCreated{t, rg.Slug}, err
}

// loadAdminTopic is the URL's topic ({topic}) for a region administrator:
// 404 for none, 403 for another region's.
func (s *Server) loadAdminTopic(r *http.Request) (policies.Topic, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "topic"), 10, 64)
	if err != nil || id <= 0 {
		return policies.Topic{}, errNotFound
	}
	t, err := s.store.TopicByID(r.Context(), id)
	if err != nil {
		return t, err
	}
	return t, staffOf(viewerOf(r), t.RegionID)
}

func topicRenameFromForm(r *http.Request) (policies.TopicRename, error) {
	return policies.TopicRename{Name: r.PostFormValue("name")}, nil
}

// renameTopic renames a topic of the administrator's region.
func (s *Server) renameTopic(r *http.Request, t policies.Topic, in policies.TopicRename) (topicCreated, error) {
	rg, err := s.store.RegionByID(r.Context(), t.RegionID)
	if err != nil {
		return topicCreated{}, err
	}
	t, err = s.store.RenameTopic(r.Context(), t.ID, viewerOf(r).User.ID, in)
	return topicCreated{t, rg.Slug}, err
}

// topicRemoved is a topic removed, with its region's slug.
type topicRemoved struct {
	policies.TopicRemoved
	Region string `json:"region"`
}

// removeTopic takes a topic off the administrator's region's list.
func (s *Server) removeTopic(r *http.Request, t policies.Topic, _ struct{}) (topicRemoved, error) {
	rg, err := s.store.RegionByID(r.Context(), t.RegionID)
	if err != nil {
		return topicRemoved{}, err
	}
	out, err := s.store.RemoveTopic(r.Context(), t.ID, viewerOf(r).User.ID)
	return topicRemoved{out, rg.Slug}, err
}

// removeURLTopic removes the URL's topic (the API's twin of the form).
func (s *Server) removeURLTopic(r *http.Request, _ struct{}) (topicRemoved, error) {
	t, err := s.loadAdminTopic(r)
	if err != nil {
		return topicRemoved{}, err
	}
	return s.removeTopic(r, t, struct{}{})
}

func policyTopicsFromForm(r *http.Request) (policies.PolicyTopics, error) {
	if err := r.ParseForm(); err != nil {
		return policies.PolicyTopics{}, policies.FieldError("topics", "formulir tidak terbaca")
	}
	return policies.PolicyTopics{Topics: r.PostForm["topics"]}, nil
}

// policyTopicsSet is a policy's topics as set.
type policyTopicsSet struct {
	Topics []policies.TopicTag `json:"topics"`
	Path   string              `json:"-"`
}

// setPolicyTopics sets the topics of a policy of the drafter's region.
func (s *Server) setPolicyTopics(r *http.Request, p policies.PolicySummary, in policies.PolicyTopics) (policyTopicsSet, error) {
	tags, err := s.store.SetPolicyTopics(r.Context(), p.ID, viewerOf(r).User.ID, in)
	return policyTopicsSet{Topics: tags, Path: "/policies/" + strconv.FormatInt(p.ID, 10) + "#topics"}, err
}

// withTopics sets each policy's topics.
func (s *Server) withTopics(ctx context.Context, ps []policies.PolicySummary) error {
	if len(ps) == 0 {
		return nil
	}
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	byPolicy, err := s.store.TopicsOf(ctx, ids)
	if err != nil {
		return err
	}
	for i := range ps {
		ps[i].Topics = byPolicy[ps[i].ID]
	}
	return nil
}

// queryTopic is the query's "topic" slug, checked against the list of the
// region chosen (regionID; any region's slug without one): "" for none,
// refused naming the field otherwise.
func (s *Server) queryTopic(r *http.Request, regionID int64) (string, error) {
	slug := strings.TrimSpace(r.URL.Query().Get("topic"))
	if slug == "" {
		return "", nil
	}
	if slug != policies.TopicSlug(slug) {
		return "", policies.FieldError("topic", "topik %q tidak dikenal", slug)
	}
	if regionID != 0 {
		if _, err := s.store.TopicBySlug(r.Context(), regionID, slug); policies.KindOf(err) == policies.KindNotFound {
			return "", policies.FieldError("topic", "topik %q tidak dikenal di wilayah ini", slug)
		} else if err != nil {
			return "", err
		}
	}
	return slug, nil
}

// topicChoice is a topic of the region's list as a policy's form offers it.
type topicChoice struct {
	policies.Topic
	On bool
}

// policyTopicChoices are the topics a drafter of the policy's region may
// put on it, those it carries checked; nil for anyone else.
func (s *Server) policyTopicChoices(ctx context.Context, v *viewer, p policies.PolicySummary) ([]topicChoice, error) {
	if !v.Is(policies.RoleDrafter) || !v.Staff(p.RegionID) {
		return nil, nil
	}
	ts, err := s.store.Topics(ctx, p.RegionID, p.RegionID)
	if err != nil {
		return nil, err
	}
	out := make([]topicChoice, len(ts))
	for i, t := range ts {
		out[i].Topic = t
		for _, on := range p.Topics {
			out[i].On = out[i].On || on.Slug == t.Slug
		}
	}
	return out, nil
}
