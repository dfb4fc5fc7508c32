package evaluation

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// learningColumns are the columns of a pre/post-test score CSV.
var learningColumns = []string{"nip", "pra", "pasca"}

// LearningRow is one valid line of a test score CSV.
type LearningRow struct {
	Line      int
	NIP       string
	Pre, Post int
}

// ParseLearning reads a test score CSV (nip, pra, pasca; comma or
// semicolon; the limits of a participant file). It returns the valid rows
// and one LineError per problem (a bad NIP, a score that is no whole
// number 0–100, a NIP twice); the caller saves nothing when there is any.
func ParseLearning(r io.Reader) (rows []LearningRow, errs []LineError, err error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxParticipantBytes+1))
	if err != nil {
		return nil, nil, &policies.Error{Kind: policies.KindBadRequest, Message: "berkas CSV tidak dapat dibaca", Err: err}
	}
	if len(data) > MaxParticipantBytes {
		return nil, nil, policies.Errorf(policies.KindTooLarge, "berkas CSV lebih besar dari 1 MB")
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = detectSeparator(data)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, nil, policies.FieldError("header", "baris pertama harus berisi header %s", strings.Join(learningColumns, ","))
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, c := range learningColumns {
		if _, ok := col[c]; !ok {
			return nil, nil, policies.FieldError("header", "header CSV tidak memiliki kolom %s (header harus berisi %s)", c, strings.Join(learningColumns, ","))
		}
	}
	seen := map[string]int{}
	count := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if err != nil && !errors.As(err, &pe) {
			return nil, nil, &policies.Error{Kind: policies.KindBadRequest, Message: "berkas CSV tidak dapat dibaca", Err: err}
		}
		if count++; count > MaxParticipantRows {
			return nil, nil, policies.Errorf(policies.KindTooLarge, "berkas CSV berisi lebih dari %d baris", MaxParticipantRows)
		}
		if pe != nil {
			errs = append(errs, LineError{Line: pe.StartLine, Message: csvMessage(err)})
			continue
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) < len(header) {
			errs = append(errs, LineError{Line: line, Message: fmt.Sprintf("baris berisi %d kolom, seharusnya %d sesuai header", len(rec), len(header))})
			continue
		}
		row, bad := LearningRow{Line: line}, false
		row.NIP = policies.NormalizeNIP(strings.TrimSpace(rec[col["nip"]]))
		if err := policies.ValidateNIP(row.NIP); err != nil {
			errs, bad = append(errs, LineError{Line: line, Field: "nip", Message: messageOf(err)}), true
		}
		score := func(field string) int {
			v := strings.TrimSpace(rec[col[field]])
			n, err := strconv.Atoi(v)
			if err == nil {
				err = policies.ValidateTestScore(field, n)
			}
			if err != nil {
				errs, bad = append(errs, LineError{Line: line, Field: field, Message: fmt.Sprintf("nilai %q harus bilangan bulat 0–100", v)}), true
			}
			return n
		}
		row.Pre, row.Post = score("pra"), score("pasca")
		if bad {
			continue
		}
		if first, dup := seen[row.NIP]; dup {
			errs = append(errs, LineError{Line: line, Field: "nip", Message: fmt.Sprintf("NIP %s sudah tercantum pada baris %d", row.NIP, first)})
			continue
		}
		seen[row.NIP] = line
		rows = append(rows, row)
	}
	return rows, errs, nil
}

// LevelSummary is a program's Kirkpatrick levels 1 and 2 in figures, with
// no person in them.
type LevelSummary struct {
	// ReactionMean is the mean of every reaction score (1–5), 2 decimals;
	// ReactionCount the answers it comes from (0: no mean).
	ReactionMean  float64   `json:"reaction_mean"`
	ReactionCount int       `json:"reaction_count"`
	ItemMeans     []float64 `json:"item_means"` // per policies.ReactionItems
	// MeanPre, MeanPost and MeanGain are over LearningCount participants.
	MeanPre       float64 `json:"mean_pre"`
	MeanPost      float64 `json:"mean_post"`
	MeanGain      float64 `json:"mean_gain"`
	LearningCount int     `json:"learning_count"`
}

// SummarizeLevels computes a program's level 1 and 2 figures: the mean
// reaction overall and per item, and the mean pre, post and gain (post −
// pre) of the test scores, each exact and rounded half-up to 2 decimals.
func SummarizeLevels(answers []policies.ReactionAnswer, scores []policies.LearningScore) LevelSummary {
	var s LevelSummary
	items := make([]*big.Int, len(policies.ReactionItems))
	for i := range items {
		items[i] = new(big.Int)
	}
	all, n := new(big.Int), 0
	for _, a := range answers {
		if len(a.Scores) != len(items) {
			continue
		}
		s.ReactionCount++
		for i, v := range a.Scores {
			items[i].Add(items[i], big.NewInt(int64(v)))
			all.Add(all, big.NewInt(int64(v)))
			n++
		}
	}
	if s.ReactionCount > 0 {
		s.ReactionMean = Round2(new(big.Rat).SetFrac(all, big.NewInt(int64(n))))
		for _, t := range items {
			s.ItemMeans = append(s.ItemMeans, Round2(new(big.Rat).SetFrac(t, big.NewInt(int64(s.ReactionCount)))))
		}
	}
	var pre, post int64
	for _, l := range scores {
		pre += int64(l.Pre)
		post += int64(l.Post)
	}
	if s.LearningCount = len(scores); s.LearningCount > 0 {
		k := int64(s.LearningCount)
		s.MeanPre = Round2(big.NewRat(pre, k))
		s.MeanPost = Round2(big.NewRat(post, k))
		s.MeanGain = Round2(big.NewRat(post-pre, k))
	}
	return s
}
