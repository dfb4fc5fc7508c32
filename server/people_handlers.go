package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/notify/webhookaddr"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	s.render(w, r, lang, http.StatusOK, "login", map[string]any{"Title": messages[lang]["login_title"], "Next": r.URL.Query().Get("next")})
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	email := strings.TrimSpace(r.PostFormValue("email"))
	u, err := s.checkLogin(r.Context(), email, r.PostFormValue("password"), clientIP(r))
	if err != nil {
		status := statusOf(policies.KindOf(err))
		msg := messages[lang]["login_failed"]
		var tm tooManyError
		if errors.As(err, &tm) {
			status, msg = http.StatusTooManyRequests, tm.message(lang)
			w.Header().Set("Retry-After", tm.retryAfter())
		} else if status == http.StatusInternalServerError {
			s.writeError(w, r, err)
			return
		}
		s.render(w, r, lang, status, "login", map[string]any{"Title": messages[lang]["login_title"], "Error": msg,
			"Email": email, "Next": r.PostFormValue("next")})
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if h := viewerOf(r).sessionHash; h != "" {
		if err := s.store.DeleteSession(r.Context(), h); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// approvalTask is an approval waiting for the viewer, with the time left.
type approvalTask struct {
	PolicyID int64         `json:"policy_id"`
	Title    string        `json:"title"`
	Stage    string        `json:"stage"`
	SLADue   time.Time     `json:"sla_due"`
	Left     time.Duration `json:"-"`
	LeftText string        `json:"sla_left"`
	OnBehalf int64         `json:"on_behalf_of,omitempty"`
	Overdue  bool          `json:"overdue"`
}

// dashboard is "Tugas saya": what waits for the viewer.
type dashboard struct {
	Approvals     []approvalTask                 `json:"approvals"`
	Consultations []policies.InvitedConsultation `json:"consultations"`
	Rounds        []policies.RoundDue            `json:"evaluation_rounds"`
	Notifications []policies.Notification        `json:"unread_notifications"`
}

func (s *Server) dashboardFor(ctx context.Context, u *policies.User) (dashboard, error) {
	var d dashboard
	var err error
	if u.Role == policies.RoleLeader && u.RegionID != nil {
		list, _, err := s.store.SearchPolicies(ctx, policies.SearchFilter{Status: policies.StatusInApproval, RegionID: *u.RegionID, Limit: 100})
		if err != nil {
			return d, err
		}
		now := time.Now()
		for _, p := range list {
			st := s.state(ctx, p.ID)
			if st == nil || st.Approval == nil {
				continue
			}
			ap := st.Approval
			task := approvalTask{PolicyID: p.ID, Title: p.Title, Stage: ap.StageName, SLADue: ap.SLADue}
			if !slices.Contains(ap.Awaiting, u.ID) {
				for _, dl := range ap.Delegations {
					if dl.DelegateID == u.ID && now.Before(dl.Until) && slices.Contains(ap.Awaiting, dl.PrincipalID) {
						task.OnBehalf = dl.PrincipalID
					}
				}
				if task.OnBehalf == 0 {
					continue
				}
			}
			task.Left = ap.SLADue.Sub(now)
			task.Overdue = task.Left < 0
			task.LeftText = durationText(task.Left)
			d.Approvals = append(d.Approvals, task)
		}
	}
	if d.Consultations, err = s.store.InvitedConsultations(ctx, u.ID); err != nil {
		return d, err
	}
	if u.Role == policies.RoleUnitOfficer && u.UnitID != nil {
		if d.Rounds, err = s.store.RoundsDue(ctx, *u.UnitID); err != nil {
			return d, err
		}
	}
	all, err := s.store.Notifications(ctx, u.ID)
	if err != nil {
		return d, err
	}
	for _, n := range all {
		if n.ReadAt == nil && len(d.Notifications) < 20 {
			d.Notifications = append(d.Notifications, n)
		}
	}
	return d, nil
}

// durationText says how long is left (or how late), in days and hours.
func durationText(d time.Duration) string {
	late := d < 0
	if late {
		d = -d
	}
	days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	t := strconv.Itoa(days) + " hari " + strconv.Itoa(hours) + " jam"
	if late {
		return "terlambat " + t
	}
	return "sisa " + t
}

func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	d, err := s.dashboardFor(r.Context(), viewerOf(r).User)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.render(w, r, lang, http.StatusOK, "dashboard", map[string]any{"Title": messages[lang]["dashboard_title"], "D": d})
}

func (s *Server) handleNotifications(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	ns, err := s.store.Notifications(r.Context(), viewerOf(r).User.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.render(w, r, lang, http.StatusOK, "notifications", map[string]any{"Title": messages[lang]["notifications_title"], "Items": ns})
}

func (s *Server) handleNotificationRead(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "nid"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, "error_not_found")
		return
	}
	if err := s.store.MarkRead(r.Context(), viewerOf(r).User.ID, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}

func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	as, err := s.store.AuditRecords(r.Context(), p.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.render(w, r, lang, http.StatusOK, "history", map[string]any{"Title": p.Title, "Policy": p, "Audit": as})
}

// handleApprovalPage shows a leader the exact version under review, the
// decisions so far, the unresolved comments, and the decision form.
func (s *Server) handleApprovalPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := language(w, r)
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	st := s.state(ctx, p.ID)
	data := map[string]any{"Title": p.Title, "Policy": p, "State": st, "RequestID": randomToken(), "Done": r.URL.Query().Get("done")}
	if st != nil && st.Approval != nil {
		ver, err := s.store.VersionByNumber(ctx, p.ID, st.Approval.VersionNumber)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		doc, err := s.md.Render(ver.SHA256, ver.Markdown)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		data["Version"], data["Doc"] = ver, doc
		u := viewerOf(r).User
		data["MyTurn"] = slices.Contains(st.Approval.Awaiting, u.ID)
		for _, dl := range st.Approval.Delegations {
			if dl.DelegateID == u.ID && time.Now().Before(dl.Until) && slices.Contains(st.Approval.Awaiting, dl.PrincipalID) {
				data["OnBehalf"] = dl.PrincipalID
			}
		}
	}
	tl, err := s.timeline(ctx, viewerOf(r), p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var open []policies.Comment
	all, err := s.store.Threads(ctx, p.ID, 0, policies.AllSections, 0, 100)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, c := range all {
		if c.Status == policies.CommentOpen {
			open = append(open, c)
		}
	}
	data["Timeline"], data["OpenComments"] = tl, open
	s.render(w, r, lang, http.StatusOK, "approval", data)
}

// handleConsultationPage shows the consultation: deadline, invitees, comments per section, summary.
func (s *Server) handleConsultationPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := language(w, r)
	p, err := s.loadPolicy(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	tl, err := s.timeline(ctx, viewerOf(r), p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	counts, err := s.store.CommentCounts(ctx, p.ID, viewerOf(r).commentVersions(p))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var current *consultationView
	if n := len(tl.Consultations); n > 0 {
		current = &tl.Consultations[n-1]
	}
	var st *workflows.PolicyState
	if viewerOf(r).inRegion(p.RegionID) {
		st = s.state(ctx, p.ID)
	}
	s.render(w, r, lang, http.StatusOK, "consultation", map[string]any{"Title": p.Title, "Policy": p, "Current": current,
		"All": tl.Consultations, "Counts": counts, "State": st, "Actions": s.actionsFor(viewerOf(r), p, st),
		"DefaultClose": time.Now().In(wib).Add(14 * 24 * time.Hour).Format(formTime), "Done": r.URL.Query().Get("done")})
}

// handleNotificationOpen marks a notification read and follows its link.
func (s *Server) handleNotificationOpen(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "nid"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, "error_not_found")
		return
	}
	u := viewerOf(r).User
	if err := s.store.MarkRead(r.Context(), u.ID, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	ns, err := s.store.Notifications(r.Context(), u.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, n := range ns {
		if n.ID == id && strings.HasPrefix(n.Link, "/") && !strings.HasPrefix(n.Link, "//") {
			http.Redirect(w, r, n.Link, http.StatusSeeOther)
			return
		}
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}

// handleSettings shows how the viewer receives notifications.
func (s *Server) handleSettings(w http.ResponseWriter, r *http.Request) {
	s.renderSettings(w, r, r.URL.Query().Get("done"), "")
}

// renderSettings shows the settings page; secret is a unit webhook secret
// just made, shown this once.
func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, done, secret string) {
	lang := language(w, r)
	v := viewerOf(r)
	mode, err := s.store.NotifyMode(r.Context(), v.User.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	data := map[string]any{"Title": messages[lang]["settings"], "Mode": mode, "Done": done, "Secret": secret}
	if v.is(policies.RoleUnitOfficer) && v.User.UnitID != nil {
		hook, err := s.store.UnitWebhook(r.Context(), *v.User.UnitID)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		data["Officer"], data["Webhook"] = true, hook
	}
	if err := s.settingsTokens(r.Context(), v, data); err != nil {
		s.writeError(w, r, err)
		return
	}
	if secret != "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	s.render(w, r, lang, http.StatusOK, "settings", data)
}

// setUnitWebhook gives the officer's unit a webhook with a new secret, or
// removes it when raw is empty; it returns the secret.
func (s *Server) setUnitWebhook(ctx context.Context, v *viewer, raw string) (string, error) {
	if v.User.UnitID == nil {
		return "", policies.Errorf(policies.KindForbidden, "akun Anda tidak terhubung ke unit")
	}
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", s.store.SetUnitWebhook(ctx, *v.User.UnitID, "", "")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || len(raw) > 2000 {
		return "", policies.FieldError("webhook_url", "alamat webhook harus URL http:// atau https:// tanpa nama pengguna (maksimal 2000 karakter)")
	}
	// The worker calls this URL from inside the government's network: it
	// must lead to the public internet, not to loopback, the private
	// network or the cloud metadata service. The worker checks again on
	// every connection, in case the name resolves elsewhere later.
	var refused *webhookaddr.Error
	switch err := webhookaddr.CheckURL(ctx, raw, s.allowPrivateWebhooks); {
	case errors.As(err, &refused):
		where := u.Hostname()
		if a := refused.Addr.String(); a != where {
			where += " (" + a + ")"
		}
		return "", policies.FieldError("webhook_url", "alamat webhook harus alamat publik di internet; %s adalah alamat "+
			"loopback, jaringan privat, link-local/metadata cloud atau alamat khusus lain", where)
	case err != nil:
		return "", policies.FieldError("webhook_url", "nama host webhook %s tidak dapat ditemukan di DNS: periksa alamatnya", u.Hostname())
	}
	secret := randomToken()
	return secret, s.store.SetUnitWebhook(ctx, *v.User.UnitID, raw, secret)
}

func (s *Server) handleWebhookSave(w http.ResponseWriter, r *http.Request) {
	secret, err := s.setUnitWebhook(r.Context(), viewerOf(r), r.PostFormValue("webhook_url"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	done := "Webhook unit dimatikan"
	if secret != "" {
		done = "Webhook unit tersimpan dengan rahasia baru"
	}
	s.renderSettings(w, r, done, secret)
}

func (s *Server) handleAPIWebhook(w http.ResponseWriter, r *http.Request) {
	v := viewerOf(r)
	if v.User.UnitID == nil {
		s.apiFail(w, r, policies.Errorf(policies.KindForbidden, "akun Anda tidak terhubung ke unit"))
		return
	}
	hook, err := s.store.UnitWebhook(r.Context(), *v.User.UnitID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit_id": *v.User.UnitID, "url": hook})
}

func (s *Server) handleAPIWebhookSet(w http.ResponseWriter, r *http.Request) {
	var in struct {
		URL string `json:"url"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	secret, err := s.setUnitWebhook(r.Context(), viewerOf(r), in.URL)
	if err != nil {
		if e := new(policies.Error); errors.As(err, &e) && e.Field == "webhook_url" {
			e.Field = "url"
		}
		s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"unit_id": *viewerOf(r).User.UnitID, "url": strings.TrimSpace(in.URL), "secret": secret})
}

func (s *Server) handleSettingsSave(w http.ResponseWriter, r *http.Request) {
	if err := s.store.SetNotifyMode(r.Context(), viewerOf(r).User.ID, policies.NotifyMode(r.PostFormValue("notify_mode"))); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings?done="+urlQueryEscape("Tersimpan"), http.StatusSeeOther)
}
