package postgres_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// A reaction link is issued once a program is done, to completed
// participants only, once each; it takes one answer (a second is a
// conflict), kept without the participant; test scores are saved all or
// none.
func TestReactionLinksOneAnswerAndScores(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	actor := f.users["opd"]
	prog := f.dinkesTraining(t, "Pelatihan dievaluasi")
	const rina, budi = "198501012010011001", "199002022015032002"
	if _, err := db.SaveParticipants(ctx, prog.ID, actor, []policies.Participant{{NIP: rina, Name: "Rina", UnitID: f.units["dinkes"], Attended: true, Completed: true},
		{NIP: budi, Name: "Budi", UnitID: f.units["dinkes"], Attended: true}}); err != nil {
		t.Fatal(err)
	}
	ps, _ := db.Participants(ctx, prog.ID)
	idOf := map[string]int64{}
	for _, p := range ps {
		idOf[p.NIP] = p.ID
	}
	links := []policies.NewReactionLink{{ParticipantID: idOf[rina], TokenHash: sha("rina")}, {ParticipantID: idOf[budi], TokenHash: sha("budi")}}
	if _, err := db.IssueReactionLinks(ctx, prog.ID, actor, links); policies.KindOf(err) != policies.KindConflict {
		t.Errorf("links of a planned program: %v, want a conflict", err)
	}
	db.SQL().MustExec(`UPDATE programs SET status = 'done' WHERE id = $1`, prog.ID)
	issued, err := db.IssueReactionLinks(ctx, prog.ID, actor, links)
	if err != nil || len(issued) != 1 || issued[0] != idOf[rina] {
		t.Fatalf("issued = %v, %v; want Rina's alone (Budi did not complete)", issued, err)
	}
	if again, err := db.IssueReactionLinks(ctx, prog.ID, actor, []policies.NewReactionLink{{ParticipantID: idOf[rina], TokenHash: sha("rina-2")}}); err != nil || len(again) != 0 {
		t.Errorf("a second link for Rina = %v, %v; want none issued", again, err)
	}
	if _, err := db.ReactionLinkByHash(ctx, sha("rina-2")); policies.KindOf(err) != policies.KindNotFound {
		t.Errorf("the refused second link reads %v, want not found", err)
	}
	l, err := db.ReactionLinkByHash(ctx, sha("rina"))
	if err != nil || l.ProgramID != prog.ID || l.AnsweredAt != nil || l.Expired {
		t.Fatalf("link = %+v, %v", l, err)
	}
	if err := db.AnswerReaction(ctx, sha("rina"), policies.ReactionAnswer{Scores: []int{5, 4, 6, 4, 5}}); policies.KindOf(err) != policies.KindInvalid {
		t.Errorf("a 6: %v, want refused", err)
	}
	if err := db.AnswerReaction(ctx, sha("rina"), policies.ReactionAnswer{Scores: []int{5, 4, 4, 4, 5}}); err != nil {
		t.Fatal(err)
	}
	if err := db.AnswerReaction(ctx, sha("rina"), policies.ReactionAnswer{Scores: []int{1, 1, 1, 1, 1}}); policies.KindOf(err) != policies.KindConflict {
		t.Errorf("a second answer: %v, want a conflict", err)
	}
	as, _ := db.ReactionAnswers(ctx, prog.ID)
	if len(as) != 1 || as[0].Scores[0] != 5 {
		t.Errorf("answers = %+v, want the first alone", as)
	}
	st, _ := db.ReactionStatuses(ctx, prog.ID)
	if len(st) != 1 || st[0].AnsweredAt == nil || st[0].IssuedAt == nil {
		t.Errorf("statuses = %+v, want Rina's, issued and answered", st)
	}
	// The answer's audit row names the program, not the participant.
	var subject string
	db.SQL().Get(&subject, `SELECT subject FROM audit_log WHERE action = 'kirkpatrick.reaction_answered' AND policy_id = $1`, f.policyID)
	if subject != "program:"+itoa(prog.ID) {
		t.Errorf("audit subject = %q, want the program", subject)
	}
	// An expired link takes no answer.
	db.SQL().MustExec(`UPDATE reaction_links SET answered_at = NULL, expires_at = now() - interval '1 second' WHERE token_hash = $1`, sha("rina"))
	if err := db.AnswerReaction(ctx, sha("rina"), policies.ReactionAnswer{Scores: []int{5, 5, 5, 5, 5}}); policies.KindOf(err) != policies.KindConflict {
		t.Errorf("an expired link: %v, want a conflict", err)
	}

	// Test scores: a participant of no such program refuses the batch whole.
	if _, err := db.SaveLearningScores(ctx, prog.ID, actor, []policies.LearningScore{{ParticipantID: idOf[rina], Pre: 40, Post: 80}, {ParticipantID: 999999, Pre: 1, Post: 2}}); err == nil {
		t.Error("a score of no participant was saved")
	}
	if ls, _ := db.LearningScores(ctx, prog.ID); len(ls) != 0 {
		t.Errorf("after a refused batch: %+v, want nothing saved", ls)
	}
	if n, err := db.SaveLearningScores(ctx, prog.ID, actor, []policies.LearningScore{{ParticipantID: idOf[rina], Pre: 40, Post: 80}, {ParticipantID: idOf[budi], Pre: 50, Post: 55}}); err != nil || n != 2 {
		t.Fatalf("SaveLearningScores = %d, %v", n, err)
	}
	if n, _ := db.SaveLearningScores(ctx, prog.ID, actor, []policies.LearningScore{{ParticipantID: idOf[rina], Pre: 40, Post: 80}}); n != 0 {
		t.Errorf("the same again changed %d, want 0", n)
	}
	if ls, _ := db.LearningScores(ctx, prog.ID); len(ls) != 2 || ls[1].NIP != rina || ls[1].Gain() != 40 {
		t.Errorf("scores = %+v, want Budi and Rina (gain 40)", ls)
	}
}
