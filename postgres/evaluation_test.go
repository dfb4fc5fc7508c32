package postgres_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

func TestEvaluations(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	due := time.Date(2026, 9, 30, 17, 0, 0, 0, time.UTC)
	r1, err := createRound(ctx, db, policies.EvaluationRound{PolicyID: f.policyID, UnitID: f.units["dinkes"], Number: 1, DueAt: due})
	if err != nil {
		t.Fatalf("createRound: %v", err)
	}
	if r1.Status != "pending" || !r1.DueAt.Equal(due) {
		t.Errorf("new round status %q due %v, want pending, %v", r1.Status, r1.DueAt, due)
	}
	r2, err := createRound(ctx, db, policies.EvaluationRound{PolicyID: f.policyID, UnitID: f.units["disdik"], Number: 1, DueAt: due})
	if err != nil {
		t.Fatalf("createRound for another unit, same number: %v", err)
	}

	t.Run("round refused", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			round policies.EvaluationRound
			want  policies.ErrorKind
		}{
			{"duplicate number for the unit", policies.EvaluationRound{PolicyID: f.policyID, UnitID: f.units["dinkes"], Number: 1, DueAt: due}, policies.KindConflict},
			{"number 0", policies.EvaluationRound{PolicyID: f.policyID, UnitID: f.units["dinkes"], Number: 0, DueAt: due}, policies.KindInvalid},
			{"unknown policy", policies.EvaluationRound{PolicyID: 987654, UnitID: f.units["dinkes"], Number: 1, DueAt: due}, policies.KindNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := createRound(ctx, db, tc.round)
				wantKind(t, err, tc.want)
			})
		}
	})

	data := []byte(`{"unsur":{"persyaratan":4,"waktu":3},"responden":25}`)
	res, err := db.RecordResult(ctx, f.policyID, f.units["dinkes"], 1, policies.EvaluationResult{
		Instrument: "skm", Data: data, Score: 82.25, SubmittedBy: f.users["opd"],
	}, "result-dinkes-1-skm")
	if err != nil {
		t.Fatalf("RecordResult: %v", err)
	}
	if res.ID == 0 || res.RoundID != r1.ID {
		t.Errorf("RecordResult = id %d round %d, want an id and round %d", res.ID, res.RoundID, r1.ID)
	}

	refuses(t, "result refused", policies.EvaluationResult{Instrument: "skm", Data: data, Score: 80, SubmittedBy: f.users["opd"]},
		func(name string, r policies.EvaluationResult) error {
			_, err := db.RecordResult(ctx, f.policyID, f.units["dinkes"], 1, r, "refused-"+name)
			return err
		},
		[]refusal[policies.EvaluationResult]{
			{"same instrument twice", func(r *policies.EvaluationResult) {}, policies.KindConflict},
			{"unknown instrument", func(r *policies.EvaluationResult) { r.Instrument = "ikm" }, policies.KindInvalid},
			{"score over 100", func(r *policies.EvaluationResult) { r.Instrument = "kirkpatrick"; r.Score = 100.5 }, policies.KindInvalid},
			{"data not JSON", func(r *policies.EvaluationResult) { r.Instrument = "kirkpatrick"; r.Data = []byte("bukan json") }, policies.KindInvalid},
		},
	)

	results, err := resultsOf(ctx, db, r1.ID)
	wantList(t, "resultsOf", "results", 1, results, err)
	got := results[0]
	if got.ID != res.ID || got.Instrument != "skm" || got.Score != 82.25 || got.SubmittedBy != f.users["opd"] {
		t.Errorf("result = id %d %q score %v by %d; want %d skm 82.25 by %d", got.ID, got.Instrument, got.Score, got.SubmittedBy, res.ID, f.users["opd"])
	}
	var gotData, wantData any
	if err := json.Unmarshal(got.Data, &gotData); err != nil {
		t.Fatalf("stored data is not JSON: %v (%q)", err, got.Data)
	}
	if err := json.Unmarshal(data, &wantData); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotData, wantData) {
		t.Errorf("data = %s, want %s", got.Data, data)
	}

	rounds, err := roundsOf(ctx, db, f.policyID)
	if err != nil {
		t.Fatalf("roundsOf: %v", err)
	}
	status := map[int64]string{}
	for _, r := range rounds {
		status[r.ID] = r.Status
	}
	if want := map[int64]string{r1.ID: "submitted", r2.ID: "pending"}; !reflect.DeepEqual(status, want) {
		t.Errorf("round statuses = %v, want %v", status, want)
	}
}
