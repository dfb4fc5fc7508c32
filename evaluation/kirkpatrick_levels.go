package evaluation

import (
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
	data, err := readUpload(r, MaxParticipantBytes)
	if err != nil {
		return nil, nil, err
	}
	headerMessage := "baris pertama harus berisi header " + strings.Join(learningColumns, ",")
	f, err := openCSV(data, MaxParticipantBytes, "1 MB", headerMessage)
	if policies.KindOf(err) == policies.KindInvalid {
		return nil, nil, policies.FieldError("header", "%s", headerMessage)
	}
	if err != nil {
		return nil, nil, err
	}
	f.maxRows, f.tooMany = MaxParticipantRows, "berkas CSV berisi lebih dari %d baris"
	col, _ := f.mapHeader(func(h string) (string, bool) { return strings.ToLower(strings.TrimSpace(h)), true }, nil)
	if missing := missing(col, learningColumns); len(missing) > 0 {
		return nil, nil, policies.FieldError("header", "header CSV tidak memiliki kolom %s (header harus berisi %s)", missing[0], strings.Join(learningColumns, ","))
	}
	seen := firstLines{} // NIP → line it first appeared on
	err = f.lines(&errs, func(rec []string, line int) {
		row, rowErrs := parseLearningRow(rec, len(f.header), col, line)
		if rowErrs == nil {
			rowErrs = seen.repeated(row.NIP, line, "nip", "NIP %s sudah tercantum pada baris %d", row.NIP)
		}
		keep(&rows, &errs, row, rowErrs)
	})
	if err != nil {
		return nil, nil, err
	}
	return rows, errs, nil
}

// parseLearningRow reads and checks one line.
func parseLearningRow(rec []string, width int, col map[string]int, line int) (row LearningRow, errs []LineError) {
	if len(rec) < width {
		return row, []LineError{lineErrorf(line, "", "baris berisi %d kolom, seharusnya %d sesuai header", len(rec), width)}
	}
	row.Line = line
	row.NIP = policies.NormalizeNIP(strings.TrimSpace(rec[col["nip"]]))
	if err := policies.ValidateNIP(row.NIP); err != nil {
		errs = append(errs, lineErrorf(line, "nip", "%s", messageOf(err)))
	}
	score := func(field string) int {
		v := strings.TrimSpace(rec[col[field]])
		n, err := strconv.Atoi(v)
		if err == nil {
			err = policies.ValidateTestScore(field, n)
		}
		if err != nil {
			errs = append(errs, lineErrorf(line, field, "nilai %q harus bilangan bulat 0–100", v))
		}
		return n
	}
	row.Pre, row.Post = score("pra"), score("pasca")
	return row, errs
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
