package server

import (
	"net/http"
	"strings"

	"github.com/policyflow/policyflow/i18n"
)

// Notices after an action. A write redirects to a page with ?done=KEY,
// a key of the catalogue registered as a notice (doneKey, or an action
// notice of i18n.DoneKeys); the page shows the catalogue's words for it
// in the reader's language. Text in the query string is never shown: a
// link cannot make an official page say what the city did not say.

// doneKeys are the catalogue keys a page may show as a notice: the
// action notices and those below, each a key of the catalogue (else the
// program stops at start).
var doneKeys = func() map[string]bool {
	keys := map[string]bool{}
	add := func(ks ...string) {
		for _, k := range ks {
			if _, ok := messages[i18n.ID][k]; !ok {
				panic("server: notice key not in the catalogue: " + k)
			}
			keys[k] = true
		}
	}
	add(i18n.DoneKeys()...)
	add("done_plan", "done_saved", "token_revoked", "kp_scores_saved", "kp_result_saved", "mod_reported",
		"mod_done_approve", "mod_done_hide", "mod_done_keep", "mod_attachment_saved", "mod_attachment_removed",
		"participant_removed", "program_saved", "program_over_budget", "attendance_saved", "session_added",
		"fu_saved", "fu_status_saved", "ans_done_drafted", "ans_done_offline", "ans_done_published", "ans_done_reason", "camp_done_group", "camp_done_theme_added", "camp_done_theme_removed", "camp_done_assigned", "camp_done_unassigned",
		"jdih_done_saved", "jdih_done_relation", "jdih_done_relation_removed", "amend_done_added", "amend_done_removed", "people_invited",
		"people_done_saved", "people_done_deactivated", "people_done_reactivated", "people_done_link_sent", "people_done_tf_reset",
		"crules_done_opened_short", "crules_done_scheduled_short", "topics_done_added", "topics_done_set")
	return keys
}()

// doneKey is key, which must be a registered notice (doneKeys): a
// redirect naming another would show nothing, so it stops the program.
func doneKey(key string) string {
	if !doneKeys[key] {
		panic("server: not a registered notice: " + key)
	}
	return key
}

// saying is path with the notice key: "…?done=KEY", before any #fragment.
func saying(path, key string) string {
	frag := ""
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path, frag = path[:i], path[i:]
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "done=" + doneKey(key) + frag
}

// doneText is the notice ?done= names, in lang: "" for none, and for
// anything that is not a registered key.
func doneText(r *http.Request, lang string) string {
	if k := r.URL.Query().Get("done"); doneKeys[k] {
		return messages[lang][k]
	}
	return ""
}

// actionDone is the notice key of a lifecycle action's outcome
// (act_done_<action>_<outcome>), or the general one.
func actionDone(action, outcome string) string {
	if k := "act_done_" + action + "_" + outcome; doneKeys[k] {
		return k
	}
	return "act_done"
}
