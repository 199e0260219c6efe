package checklists

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"dsflow/models"
)

// MaxFiles is how many files one answer may carry: photos of a register, a
// report, a poster, not an archive.
const MaxFiles = 20

// CheckAnswers reports what is wrong with answers (by item key) to def,
// each fault named by its path ("answers.<item_key>.value",
// "answers.<item_key>.files[1]") and a rule of the i18n catalogue: a value
// of the wrong type or out of range (a score above max_score, a number
// outside min/max, a choice not listed, a yes/no other than yes, no, na),
// a comment too long, files that are blank, repeated or too many, a key
// that names no item (rule unknown_item, path "answers.<key>").
//
// A draft may be incomplete. When final (the checklist is submitted),
// every required item must be answered, and every failing answer (see
// Fails) must carry what its item's require_on_fail asks: a comment that
// is not blank, at least one file, or both (rule required_on_fail).
//
// Faults come in the order of the checklist's items, then the unknown keys
// in key order. Whether a file ID names an uploaded file is the caller's
// check: it needs I/O. It returns nil for sound answers.
func CheckAnswers(def models.ChecklistDef, answers map[string]models.Answer, final bool) []models.FieldError {
	c := &answerChecker{}
	known := map[string]bool{}
	for _, s := range def.Sections {
		for _, it := range s.Items {
			known[it.Key] = true
			a, given := answers[it.Key]
			p := "answers." + it.Key
			before := len(c.errs)
			if given {
				c.answer(p, it, a)
			}
			if !final {
				continue
			}
			if it.Required && !Answered(it, a) {
				c.add(answerPath(p, it), "required", "")
			}
			if len(c.errs) == before && Fails(it, a) {
				c.onFail(p, it, a)
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(answers)) {
		if !known[k] {
			c.add("answers."+k, "unknown_item", "")
		}
	}
	return c.errs
}

// answerPath is where an item's answer lies: the files of an evidence
// item, the value of any other.
func answerPath(p string, it models.ItemDef) string {
	if it.Answer == models.AnswerEvidence {
		return p + ".files"
	}
	return p + ".value"
}

type answerChecker struct{ errs []models.FieldError }

func (c *answerChecker) add(field, rule, param string) {
	c.errs = append(c.errs, models.FieldError{Field: field, Rule: rule, Param: param})
}

// answer checks the parts of one answer that are there. A blank value is
// no answer (a draft may hold one) and is not checked, except on an
// evidence item, which takes no value at all.
func (c *answerChecker) answer(p string, it models.ItemDef, a models.Answer) {
	if a.Value != nil && (it.Answer == models.AnswerEvidence || Answered(it, a)) {
		c.value(p+".value", it, a)
	}
	if utf8.RuneCountInString(a.Comment) > MaxText {
		c.add(p+".comment", "maxlen", strconv.Itoa(MaxText))
	}
	if len(a.Files) > MaxFiles {
		c.add(p+".files", "max_items", strconv.Itoa(MaxFiles))
	}
	first := map[string]int{}
	for i, f := range a.Files {
		fp := fmt.Sprintf("%s.files[%d]", p, i)
		j, dup := first[f]
		switch {
		case strings.TrimSpace(f) == "":
			c.add(fp, "required", "")
		case dup:
			c.add(fp, "unique", fmt.Sprintf("%s.files[%d]", p, j))
		default:
			first[f] = i
		}
	}
}

// value checks a value that is not blank against its item's answer type.
func (c *answerChecker) value(p string, it models.ItemDef, a models.Answer) {
	switch it.Answer {
	case models.AnswerYesNo:
		if _, ok := yesNo(a); !ok {
			c.add(p, "oneof", strings.Join(yesNoValues, " "))
		}
	case models.AnswerScore:
		n, ok := number(a.Value)
		switch {
		case !ok || n != math.Trunc(n): // a score is a whole number of points
			c.add(p, "type", it.Answer)
		case n < 0:
			c.add(p, "min", "0")
		case n > float64(it.MaxScore):
			c.add(p, "max", strconv.Itoa(it.MaxScore))
		}
	case models.AnswerNumber:
		n, ok := number(a.Value)
		switch {
		case !ok:
			c.add(p, "type", it.Answer)
		case it.Min != nil && n < *it.Min:
			c.add(p, "min", formatFloat(*it.Min))
		case it.Max != nil && n > *it.Max:
			c.add(p, "max", formatFloat(*it.Max))
		}
	case models.AnswerText:
		if s, ok := a.Value.(string); !ok {
			c.add(p, "type", it.Answer)
		} else if utf8.RuneCountInString(s) > MaxText {
			c.add(p, "maxlen", strconv.Itoa(MaxText))
		}
	case models.AnswerChoice:
		if s, ok := a.Value.(string); !ok {
			c.add(p, "type", it.Answer)
		} else if !slices.Contains(it.Choices, strings.TrimSpace(s)) {
			c.add(p, "oneof", strings.Join(it.Choices, ", "))
		}
	case models.AnswerMulti:
		c.multi(p, it, a.Value)
	case models.AnswerEvidence:
		// Evidence is files; a value would be lost.
		c.add(p, "not_for_answer", it.Answer)
	}
}

// multi checks a list of distinct listed choices.
func (c *answerChecker) multi(p string, it models.ItemDef, v any) {
	list, ok := stringList(v)
	if !ok {
		c.add(p, "type", it.Answer)
		return
	}
	first := map[string]int{}
	for i, e := range list {
		ep := fmt.Sprintf("%s[%d]", p, i)
		s, ok := e.(string)
		s = strings.TrimSpace(s)
		j, dup := first[s]
		switch {
		case !ok || !slices.Contains(it.Choices, s):
			c.add(ep, "oneof", strings.Join(it.Choices, ", "))
		case dup:
			c.add(ep, "unique", fmt.Sprintf("%s[%d]", p, j))
		default:
			first[s] = i
		}
	}
}

// onFail wants what a failing item requires.
func (c *answerChecker) onFail(p string, it models.ItemDef, a models.Answer) {
	needComment := it.RequireOnFail == models.RequireComment || it.RequireOnFail == models.RequireBoth
	needFiles := it.RequireOnFail == models.RequireEvidence || it.RequireOnFail == models.RequireBoth
	if needComment && strings.TrimSpace(a.Comment) == "" {
		c.add(p+".comment", "required_on_fail", "")
	}
	if needFiles && len(a.Files) == 0 {
		c.add(p+".files", "required_on_fail", "")
	}
}

// formatFloat renders a bound for an error parameter in plain decimals
// ("300", not "3e+02").
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
