package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
)

// Administration of a region (issue 11): the landing page, the region's
// settings and its administrative audit log here; units (units.go),
// stakeholder groups (stakeholders.go), approval chains (chains.go),
// acting officials (acting.go) and the working-day calendar (calendar.go)
// beside it. Only the region's administrator
// (role admin, with that region) manages it: other roles get 403, and
// another region's object is 404, as if absent.

// regionAdmins may administer their own region.
var regionAdmins = []policies.Role{policies.RoleAdmin}

// adminStore is what the administration pages need of the record.
type adminStore interface {
	policies.AuditStore
	policies.UnitAdminStore
	policies.StakeholderStore
	policies.ChainStore
	policies.ActingStore
	policies.ActingRulesStore
	policies.RegionSettingsStore
	policies.CalendarStore
	policies.ChangeStore // changes of power awaiting a second person (changes.go)
}

// adminPages lists the administration pages (routes.go calls it).
func adminPages() []pageRoute {
	return append(append(calendarPages(), actingRulesPages()...), []pageRoute{
		{"GET", "/admin", regionAdmins, (*Server).handleAdmin},
		{"GET", "/admin/settings", regionAdmins, (*Server).handleRegionSettings},
		{"POST", "/admin/settings", regionAdmins, formWrite(regionSettingsFromForm, (*Server).saveRegionSettings, savedAt[policies.Region]("/admin/settings"))},
		{"GET", "/admin/units", regionAdmins, (*Server).handleUnits},
		{"POST", "/admin/units", regionAdmins, formWrite(unitFromForm, (*Server).createUnit, savedAt[policies.UnitRecord]("/admin/units"))},
		{"GET", "/admin/units/{uid}", regionAdmins, (*Server).handleUnit},
		{"POST", "/admin/units/{uid}", regionAdmins, formWrite(unitFromForm, (*Server).saveUnit, savedAt[policies.UnitRecord]("/admin/units"))},
		{"GET", "/admin/groups", regionAdmins, (*Server).handleGroups},
		{"POST", "/admin/groups", regionAdmins, formWrite(groupFromForm, (*Server).createGroup, savedAt[policies.StakeholderGroup]("/admin/groups"))},
		{"GET", "/admin/groups/{gid}", regionAdmins, (*Server).handleGroup},
		{"POST", "/admin/groups/{gid}", regionAdmins, formWrite(groupFromForm, (*Server).saveGroup, savedAt[policies.StakeholderGroup]("/admin/groups"))},
		{"POST", "/admin/groups/{gid}/delete", regionAdmins, formWrite(noForm, (*Server).deleteGroup, savedAt[map[string]any]("/admin/groups"))},
		{"GET", "/admin/chains", regionAdmins, (*Server).handleChains},
		{"GET", "/admin/chains/new", regionAdmins, (*Server).handleChainNew},
		{"POST", "/admin/chains", regionAdmins, formWrite(chainFromForm, (*Server).createChain, proposed)},
		{"GET", "/admin/chains/{chid}", regionAdmins, (*Server).handleChain},
		{"POST", "/admin/chains/{chid}", regionAdmins, formWrite(chainFromForm, (*Server).saveChain, proposed)},
		{"GET", "/acting", actingRoles, (*Server).handleActing},
		{"POST", "/acting", actingRoles, formWrite(actingFromForm, (*Server).appoint, proposed)},
		{"POST", "/acting/{aid}/revoke", actingRoles, formWrite(noForm, (*Server).revokeActing, savedAt[policies.ActingAppointment]("/acting"))},
	}...)
}

// adminAPIRoutes are the administration's API routes (apiRoutes lists them).
func adminAPIRoutes() []apiRoute {
	return append(append(calendarAPIRoutes(), actingRulesAPIRoutes()...), []apiRoute{
		{"GET", "/admin/audit", "Log audit administrasi wilayah saya (terbaru dulu; before: id)", regionAdmins, (*Server).handleAPIAdminAudit, nil},
		{"GET", "/admin/settings", "Pengaturan wilayah: zona waktu, JP minimum PNS dan PPPK, ambang IKM bawaan, aturan konsultasi", regionAdmins, apiRead((*Server).adminRegion), nil},
		{"POST", "/admin/settings", "Ubah pengaturan wilayah", regionAdmins, (*Server).handleAPIRegionSettings, policies.RegionSettings{}},
		{"GET", "/admin/units", "Unit (OPD) wilayah saya, dengan kepala dan jumlah petugas unit", regionAdmins, apiRead((*Server).unitRecords), nil},
		{"POST", "/admin/units", "Tambah unit (OPD)", regionAdmins, apiWrite(http.StatusCreated, (*Server).createUnit), policies.UnitInput{}},
		{"GET", "/admin/units/{uid}", "Satu unit", regionAdmins, apiRead((*Server).unitRecord), nil},
		{"POST", "/admin/units/{uid}", "Ubah nama, nama singkat, dan kepala unit", regionAdmins, apiWrite(http.StatusOK, (*Server).saveUnit), policies.UnitInput{}},
		{"GET", "/admin/groups", "Kelompok pemangku kepentingan wilayah saya", regionAdmins, apiRead((*Server).groupList), nil},
		{"POST", "/admin/groups", "Tambah kelompok pemangku kepentingan", regionAdmins, apiWrite(http.StatusCreated, (*Server).createGroup), policies.GroupInput{}},
		{"GET", "/admin/groups/{gid}", "Satu kelompok dengan anggotanya", regionAdmins, apiRead((*Server).groupOf), nil},
		{"POST", "/admin/groups/{gid}", "Ubah kelompok dan anggotanya", regionAdmins, apiWrite(http.StatusOK, (*Server).saveGroup), policies.GroupInput{}},
		{"POST", "/admin/groups/{gid}/delete", "Hapus kelompok", regionAdmins, apiDo((*Server).deleteGroup), nil},
		{"GET", "/admin/chains", "Rantai persetujuan wilayah saya (versi terbaru)", regionAdmins, apiRead((*Server).chainList), nil},
		{"POST", "/admin/chains", "Usulkan rantai persetujuan baru: berlaku setelah dikonfirmasi administrator lain", regionAdmins, apiWrite(http.StatusAccepted, (*Server).createChain), policies.ChainInput{}},
		{"GET", "/admin/chains/{chid}", "Satu rantai persetujuan (versi mana pun)", regionAdmins, apiRead((*Server).chainOf), nil},
		{"POST", "/admin/chains/{chid}", "Usulkan perubahan rantai (berlaku setelah dikonfirmasi administrator lain; bila dipakai persetujuan yang berjalan, dibuat versi baru)", regionAdmins, apiWrite(http.StatusAccepted, (*Server).saveChain), policies.ChainInput{}},
		{"GET", "/acting", "Penunjukan Plt./Plh. (administrator: seluruh wilayah; pimpinan: miliknya)", actingRoles, apiRead((*Server).listActing), nil},
		{"POST", "/acting", "Usulkan penunjukan Plt./Plh. dengan surat perintah untuk suatu masa: berlaku setelah dikonfirmasi pejabat yang digantikan atau administrator lain (POST /changes/{cid}/confirm)", actingRoles, apiWrite(http.StatusAccepted, (*Server).appoint), policies.ActingInput{}},
		{"POST", "/acting/{aid}/revoke", "Cabut penunjukan Plt./Plh.", actingRoles, apiDo((*Server).revokeActing), nil},
	}...)
}

// adminRegion is the region the viewer administers. An administrator of
// no region (a system administrator) administers none here.
func (s *Server) adminRegion(r *http.Request) (policies.Region, error) {
	v := viewerOf(r)
	if v.RegionID() == 0 {
		return policies.Region{}, policies.Errorf(policies.KindForbidden, "Anda bukan administrator suatu wilayah")
	}
	return s.store.RegionByID(r.Context(), v.RegionID())
}

// pathID reads a numeric URL parameter; anything else is a record that is not there.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

// formIDs reads a form's list of IDs (checkboxes or a multiple select).
func formIDs(r *http.Request, name string) ([]int64, error) {
	var ids []int64
	for _, v := range r.PostForm[name] {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return nil, policies.FieldError(name, "pilihan tidak sah")
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// formInt reads a whole number from a form; empty is 0.
func formInt(r *http.Request, name string) (int, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, policies.FieldError(name, "harus bilangan bulat")
	}
	return n, nil
}

// formID reads one ID from a form; empty is 0.
func formID(r *http.Request, name string) (int64, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 0 {
		return 0, policies.FieldError(name, "pilihan tidak sah")
	}
	return id, nil
}

// handleAdmin is the administration's landing page: a link to each page,
// the units with no officer, and the region's latest administrative changes.
func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	reg, err := s.adminRegion(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	log, err := s.store.AdminAudit(ctx, reg.ID, before, 50)
	if err != nil {
		return err
	}
	units, err := s.store.UnitRecords(ctx, reg.ID)
	if err != nil {
		return err
	}
	var missing []policies.UnitRecord
	for _, u := range units {
		if u.NoOfficer() {
			missing = append(missing, u)
		}
	}
	var older int64
	if len(log) == 50 {
		older = log[len(log)-1].ID
	}
	waiting, err := s.changesAwaiting(r)
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "admin", map[string]any{"Title": messages[lang]["admin_title"], "Region": reg,
		"Audit": log, "Older": older, "NoOfficer": missing, "ChangesWaiting": waiting})
	return nil
}

func (s *Server) handleAPIAdminAudit(w http.ResponseWriter, r *http.Request) error {
	reg, err := s.adminRegion(r)
	if err != nil {
		return err
	}
	before, limit, err := queryPage(r, "before")
	if err != nil {
		return err
	}
	log, err := s.store.AdminAudit(r.Context(), reg.ID, before, int(limit))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"audit": log})
	return nil
}

// handleRegionSettings shows the region's settings form.
func (s *Server) handleRegionSettings(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	reg, rules, err := regionOwn(s, r, s.store.LearningRules)
	if err != nil {
		return err
	}
	s.renderAdmin(w, r, lang, "admin_settings", messages[lang]["admin_settings"], reg, map[string]any{"Learning": policies.LearningTable(rules),
		"Bases": []policies.LearningBasis{policies.BasisMinutes, policies.BasisActivity},
		"Zones": []policies.TimeZone{policies.ZoneWIB, policies.ZoneWITA, policies.ZoneWIT}, "Papers": policies.PaperSizes,
		"ConsultModes": policies.ConsultationMinModes})
	return nil
}

// regionSettingsFromForm reads the region settings form.
func regionSettingsFromForm(r *http.Request) (policies.RegionSettings, error) {
	in := policies.RegionSettings{TimeZone: policies.TimeZone(r.PostFormValue("time_zone")), PaperSize: policies.PaperSize(r.PostFormValue("paper_size")),
		ConsultationMinMode: policies.ConsultationMinMode(r.PostFormValue("consultation_min_mode"))}
	var err error
	if in.JPMinPNS, err = formInt(r, "jp_min_pns"); err != nil {
		return in, err
	}
	if in.JPMinPPPK, err = formInt(r, "jp_min_pppk"); err != nil {
		return in, err
	}
	// An empty maximum is none (0).
	if in.JPMaxPNS, err = formInt(r, "jp_max_pns"); err != nil {
		return in, err
	}
	if in.JPMaxPPPK, err = formInt(r, "jp_max_pppk"); err != nil {
		return in, err
	}
	if in.IKMThresholdDefault, err = strconv.ParseFloat(strings.Replace(strings.TrimSpace(r.PostFormValue("ikm_threshold_default")), ",", ".", 1), 64); err != nil {
		return in, policies.FieldError("ikm_threshold_default", "ambang IKM harus angka")
	}
	for _, f := range []struct {
		name string
		to   *int
	}{{"kp_behaviour_months", &in.KPBehaviourMonths}, {"kp_results_months", &in.KPResultsMonths}, {"consultation_min_days", &in.ConsultationMinDays},
		{"answer_deadline_days", &in.AnswerDeadlineDays}} {
		if v := strings.TrimSpace(r.PostFormValue(f.name)); v != "" {
			if *f.to, err = strconv.Atoi(v); err != nil || *f.to < 1 {
				return in, policies.FieldError(f.name, "harus bilangan bulat positif")
			}
		}
	}
	if v := strings.TrimSpace(r.PostFormValue("skm_min_respondents")); v != "" {
		if in.SKMMinRespondents, err = strconv.Atoi(v); err != nil || in.SKMMinRespondents < 1 {
			return in, policies.FieldError("skm_min_respondents", "sampel SKM minimum harus angka 1–%d", policies.MaxSKMMinRespondents)
		}
	}
	return in, nil
}

// saveRegionSettings changes the administrator's region's settings (page and API).
func (s *Server) saveRegionSettings(r *http.Request, in policies.RegionSettings) (policies.Region, error) {
	return createInRegion(s, r, &in, in.Validate, s.store.UpdateRegionSettings)
}

// handleAPIRegionSettings changes some of the region's settings, like a
// PATCH: the request is read over the stored settings, so a field it
// omits keeps its value.
func (s *Server) handleAPIRegionSettings(w http.ResponseWriter, r *http.Request) error {
	reg, err := s.adminRegion(r)
	if err != nil {
		return err
	}
	in := reg.Settings()
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	out, err := s.saveRegionSettings(r, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func init() {
	pageNames = append(pageNames, "admin", "admin_settings", "admin_units", "admin_unit", "admin_groups", "admin_chains", "admin_chain", "admin_acting")
}
