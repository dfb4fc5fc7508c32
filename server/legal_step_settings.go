package server

import (
	"net/http"

	"github.com/policyflow/policyflow/policies"
)

// A region's times of the legal steps (issue 23): the administrator sets
// per step (harmonisation, paraf, enactment, promulgation) its SLA and
// escalation limit in working days; the policy's workflow counts a step
// begun since with them (legal_steps.go). A step not set keeps the
// defaults.

// legalStepSettingPages lists the settings' pages (routes.go calls it).
func legalStepSettingPages() []pageRoute {
	return []pageRoute{
		{"GET", "/admin/legal-steps", regionAdmins, (*Server).handleLegalStepSettings},
		{"POST", "/admin/legal-steps", regionAdmins, formWrite(legalStepSettingFromForm, (*Server).setLegalStepSetting, savedAt[policies.LegalStepSetting]("/admin/legal-steps"))},
	}
}

// legalStepSettingAPIRoutes are the settings' API routes (apiRoutes appends them).
func legalStepSettingAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/admin/legal-steps", "Tenggat dan eskalasi (hari kerja) tiap langkah hukum sesudah persetujuan di wilayah saya", regionAdmins, apiRead((*Server).legalStepSettingsOf), nil},
		{"POST", "/admin/legal-steps", "Atur tenggat dan eskalasi (hari kerja) satu langkah hukum: harmonisasi, paraf, penetapan atau pengundangan", regionAdmins, apiWrite(http.StatusOK, (*Server).setLegalStepSetting), policies.LegalStepSettingInput{}},
	}
}

// legalStepSettings is the administrator's region's times.
type legalStepSettings struct {
	Settings []policies.LegalStepSetting `json:"settings"`
}

func (s *Server) legalStepSettingsOf(r *http.Request) (legalStepSettings, error) {
	_, st, err := regionOwn(s, r, s.store.LegalStepSettings)
	return legalStepSettings{Settings: st}, err
}

func (s *Server) handleLegalStepSettings(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	reg, st, err := regionOwn(s, r, s.store.LegalStepSettings)
	if err != nil {
		return err
	}
	s.renderAdmin(w, r, lang, "admin_legal_steps", messages[lang]["legal_steps_settings_title"], reg, map[string]any{"Settings": st})
	return nil
}

func legalStepSettingFromForm(r *http.Request) (policies.LegalStepSettingInput, error) {
	in := policies.LegalStepSettingInput{Step: policies.LegalStep(r.PostFormValue("step"))}
	var err error
	if in.SLADays, err = formInt(r, "sla_working_days"); err != nil {
		return in, err
	}
	in.EscalationDays, err = formInt(r, "escalation_working_days")
	return in, err
}

// setLegalStepSetting saves a step's times in the region (page and API).
func (s *Server) setLegalStepSetting(r *http.Request, in policies.LegalStepSettingInput) (policies.LegalStepSetting, error) {
	return createInRegion(s, r, &in, in.Validate, s.store.SetLegalStepSetting)
}

func init() {
	pageNames = append(pageNames, "admin_legal_steps")
}
