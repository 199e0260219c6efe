package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"dsflow/i18n"
	"dsflow/models"
)

// Inputs of a checklist item: its answer ("a_<key>") and its comment
// ("c_<key>").
const (
	answerPrefix  = "a_"
	commentPrefix = "c_"
)

// answerInput is one item of a checklist section, as the page shows it.
type answerInput struct {
	Key, ID, CommentID string
	Text               string
	Kind               string // the item's answer type (models.Answer…)
	Required           bool
	Scores             []string // the points of a small score scale
	Min, Max           string
	Choices            []string
	Value              string
	Values             []string // a multi item's choices
	Comment            string
	Files              int
	OnFail             string // what a failing answer must carry
	Error, CommentErr  string
	Shown              string // the answer in words (a submitted checklist)
}

// Picked reports whether choice c of a multi item is ticked.
func (in answerInput) Picked(c string) bool { return slices.Contains(in.Values, c) }

// answerInputs builds the inputs of a section's items from answers, with
// the API's messages (by item key) beside them.
func answerInputs(lang string, sec models.SectionDef, answers map[string]models.Answer, errs, commentErrs map[string]string) []answerInput {
	out := make([]answerInput, 0, len(sec.Items))
	for _, it := range sec.Items {
		a := answers[it.Key]
		in := answerInput{Key: it.Key, ID: answerPrefix + it.Key, CommentID: commentPrefix + it.Key, Text: it.Text.In(lang), Kind: it.Answer,
			Required: it.Required, Choices: it.Choices, Comment: a.Comment, Files: len(a.Files), OnFail: it.RequireOnFail,
			Error: errs[it.Key], CommentErr: commentErrs[it.Key]}
		if it.Min != nil {
			in.Min = strconv.FormatFloat(*it.Min, 'f', -1, 64)
		}
		if it.Max != nil {
			in.Max = strconv.FormatFloat(*it.Max, 'f', -1, 64)
		}
		if it.Answer == models.AnswerScore && it.MaxScore <= 10 {
			for i := 0; i <= it.MaxScore; i++ {
				in.Scores = append(in.Scores, strconv.Itoa(i))
			}
		} else if it.Answer == models.AnswerScore {
			in.Min, in.Max = "0", strconv.Itoa(it.MaxScore)
		}
		switch v := a.Value.(type) {
		case string:
			in.Value = v
		case float64:
			in.Value = strconv.FormatFloat(v, 'f', -1, 64)
		case []any:
			for _, e := range v {
				if s, ok := e.(string); ok {
					in.Values = append(in.Values, s)
				}
			}
		}
		in.Shown = shownAnswer(lang, in)
		out = append(out, in)
	}
	return out
}

// shownAnswer writes an answer for reading.
func shownAnswer(lang string, in answerInput) string {
	switch {
	case in.Kind == models.AnswerYesNo && in.Value != "":
		return i18n.T(lang, "web.checklist.yn."+in.Value)
	case in.Kind == models.AnswerMulti:
		return strings.Join(in.Values, ", ")
	case in.Kind == models.AnswerEvidence && in.Files > 0:
		return i18n.T(lang, "web.checklist.files", in.Files)
	case in.Kind == models.AnswerEvidence:
		return ""
	case in.Kind == models.AnswerNumber || in.Kind == models.AnswerScore:
		if n, ok := parseNumber(in.Value); ok {
			return formatNumber(lang, n)
		}
	}
	return in.Value
}

// postedAnswers merges a section's posted answers into answers (every
// answer so far): a blank item is no answer, files already attached stay,
// numbers go as numbers; a value that does not parse goes as typed, for
// the API to name what is wrong with it.
func postedAnswers(r *http.Request, sec models.SectionDef, answers map[string]models.Answer) map[string]models.Answer {
	out := make(map[string]models.Answer, len(answers))
	for k, a := range answers {
		out[k] = a
	}
	for _, it := range sec.Items {
		a := models.Answer{Files: answers[it.Key].Files, Comment: strings.TrimSpace(r.PostFormValue(commentPrefix + it.Key))}
		raw := strings.TrimSpace(r.PostFormValue(answerPrefix + it.Key))
		switch it.Answer {
		case models.AnswerMulti:
			if picked := r.PostForm[answerPrefix+it.Key]; len(picked) > 0 {
				a.Value = picked
			}
		case models.AnswerEvidence:
		case models.AnswerScore, models.AnswerNumber:
			if n, ok := parseNumber(raw); ok {
				a.Value = n
			} else if raw != "" {
				a.Value = raw
			}
		default:
			if raw != "" {
				a.Value = raw
			}
		}
		if a.Value == nil && a.Comment == "" && len(a.Files) == 0 {
			delete(out, it.Key)
			continue
		}
		out[it.Key] = a
	}
	return out
}

// answerErrors sorts a problem's field messages by item: the answer's
// ("answers.<key>.value", ".files", "answers.<key>"), the comment's, and
// those of no item. A missing comment a failing answer needs shows beside
// the comment.
func answerErrors(p *problem) (errs, commentErrs map[string]string, loose []string) {
	errs, commentErrs = map[string]string{}, map[string]string{}
	for _, f := range p.Errors {
		rest, ok := strings.CutPrefix(f.Field, "answers.")
		if !ok {
			loose = append(loose, f.Message)
			continue
		}
		key, part, _ := strings.Cut(rest, ".")
		target := errs
		if part == "comment" {
			target = commentErrs
		}
		if target[key] == "" {
			target[key] = f.Message
		}
	}
	return errs, commentErrs, loose
}
