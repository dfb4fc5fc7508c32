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

// LevelSummary is a program's Kirkpatrick levels 1 to 3 in figures, with
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
	// BehaviourMean is the mean of every behaviour score the supervisors
	// gave (1–5), over BehaviourCount answers; BehaviourItemMeans per
	// policies.BehaviourItems.
	BehaviourMean      float64   `json:"behaviour_mean"`
	BehaviourCount     int       `json:"behaviour_count"`
	BehaviourItemMeans []float64 `json:"behaviour_item_means"`
	// Result is the program's level 4 indicator against its baseline and
	// target (none set: absent; a policy's pooled figures have none);
	// TargetReached once a value is measured.
	Result        *policies.ProgramResult `json:"result,omitempty"`
	TargetReached *bool                   `json:"target_reached,omitempty"`
}

// WeakBehaviour is the indexes (in policies.BehaviourItems) of the
// behaviour items whose mean is below policies.WeakBehaviourMean, once at
// least policies.MinBehaviourAnswers supervisors answered (none before).
func (s LevelSummary) WeakBehaviour() []int {
	if s.BehaviourCount < policies.MinBehaviourAnswers {
		return nil
	}
	var weak []int
	for i, m := range s.BehaviourItemMeans {
		if m < policies.WeakBehaviourMean {
			weak = append(weak, i)
		}
	}
	return weak
}

// WithResult adds a program's level 4 indicator to its figures.
func (s LevelSummary) WithResult(r *policies.ProgramResult) LevelSummary {
	s.Result = r
	if r != nil && r.Actual != nil {
		reached := r.Reached()
		s.TargetReached = &reached
	}
	return s
}

// SummarizeLevels computes a program's level 1 to 3 figures: the mean
// reaction and behaviour overall and per item, and the mean pre, post and
// gain (post − pre) of the test scores, each exact and rounded half-up to 2
// decimals.
func SummarizeLevels(answers []policies.ReactionAnswer, scores []policies.LearningScore, behaviour []policies.BehaviourAnswer) LevelSummary {
	var s LevelSummary
	rs := make([][]int, len(answers))
	for i, a := range answers {
		rs[i] = a.Scores
	}
	s.ReactionMean, s.ReactionCount, s.ItemMeans = likertMeans(rs, len(policies.ReactionItems))
	bs := make([][]int, len(behaviour))
	for i, a := range behaviour {
		bs[i] = a.Scores
	}
	s.BehaviourMean, s.BehaviourCount, s.BehaviourItemMeans = likertMeans(bs, len(policies.BehaviourItems))
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

// likertMeans is the mean of every score of the answers that score each of
// the n items, the count of those answers, and the mean per item.
func likertMeans(answers [][]int, n int) (mean float64, count int, itemMeans []float64) {
	items := make([]*big.Int, n)
	for i := range items {
		items[i] = new(big.Int)
	}
	all, k := new(big.Int), 0
	for _, a := range answers {
		if len(a) != n {
			continue
		}
		count++
		for i, v := range a {
			items[i].Add(items[i], big.NewInt(int64(v)))
			all.Add(all, big.NewInt(int64(v)))
			k++
		}
	}
	if count == 0 {
		return 0, 0, nil
	}
	for _, t := range items {
		itemMeans = append(itemMeans, Round2(new(big.Rat).SetFrac(t, big.NewInt(int64(count)))))
	}
	return Round2(new(big.Rat).SetFrac(all, big.NewInt(int64(k)))), count, itemMeans
}
