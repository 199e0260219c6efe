package checklists

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"dsflow/models"
)

// Limits of a checklist. An inspector fills it on a phone, often on a slow
// link, and each answer is checked against it: 300 items is far more than a
// visit covers (the built-in has a few dozen) and keeps a checklist and its
// answers small.
const (
	MaxTitle    = 300  // runes, the checklist's and a section's title
	MaxText     = 2000 // runes, an item's text and the checklist's description
	MaxItems    = 300  // items in the whole checklist
	MaxScoreTop = 100  // the largest max_score
	MaxWeight   = 100
	MinChoices  = 2
	MaxChoices  = 30
	MaxChoice   = 200 // runes of one choice
)

// ValidKey reports whether key is a well-formed checklist template key
// (the format of process template keys: "inspection-dskhhgd").
func ValidKey(key string) bool { return models.ValidTemplateKey(key) }

// Validate reports every problem of def, each named by its JSON path
// ("sections[1].items[3].max_score", "title.vi") and a rule of the i18n
// catalogue, in the order of the JSON document. A key used twice is
// reported where it is used again, naming the first use. It returns nil
// for a sound checklist.
func Validate(def models.ChecklistDef) []models.FieldError {
	v := &checker{itemKeys: map[string]string{}}
	v.errs = append(v.errs, def.Title.Check("title", true, MaxTitle)...)
	v.errs = append(v.errs, def.Description.Check("description", false, MaxText)...)
	if len(def.Sections) == 0 {
		v.add("sections", "required", "")
		return v.errs
	}
	items := 0
	for _, s := range def.Sections {
		items += len(s.Items)
	}
	if items > MaxItems {
		v.add("sections", "checklist_items", strconv.Itoa(MaxItems))
	}
	sectionKeys := map[string]string{}
	for i, s := range def.Sections {
		p := fmt.Sprintf("sections[%d]", i)
		v.key(p+".key", s.Key, sectionKeys)
		v.errs = append(v.errs, s.Title.Check(p+".title", true, MaxTitle)...)
		if len(s.Items) == 0 {
			v.add(p+".items", "required", "")
		}
		for j, it := range s.Items {
			v.item(fmt.Sprintf("%s.items[%d]", p, j), it)
		}
	}
	return v.errs
}

// checker collects field errors in the order they are found.
type checker struct {
	errs     []models.FieldError
	itemKeys map[string]string // item key → path of its first use, across sections
}

func (v *checker) add(field, rule, param string) {
	v.errs = append(v.errs, models.FieldError{Field: field, Rule: rule, Param: param})
}

// key checks a section or item key and that it is not in seen (key →
// path of its first use), then records it.
func (v *checker) key(path, key string, seen map[string]string) {
	if e := models.CheckPartKey(path, key, seen[key]); e != nil {
		v.errs = append(v.errs, *e)
		return
	}
	seen[key] = path
}

// item checks one item: its key, text and answer type, then the settings
// its type takes. A setting of another type is refused (rule
// not_for_answer) rather than ignored: an author who gives a text item a
// weight believes it counts.
func (v *checker) item(p string, it models.ItemDef) {
	v.key(p+".key", it.Key, v.itemKeys)
	v.errs = append(v.errs, it.Text.Check(p+".text", true, MaxText)...)
	switch {
	case it.Answer == "":
		v.add(p+".answer", "required", "")
		return
	case !slices.Contains(models.AnswerTypes, it.Answer):
		v.add(p+".answer", "oneof", strings.Join(models.AnswerTypes, " "))
		return
	}
	v.maxScore(p, it)
	v.bounds(p, it)
	v.choices(p, it)
	v.weight(p, it)
	v.requireOnFail(p, it)
}

// notFor refuses a setting, when given, that the item's answer type does
// not take.
func (v *checker) notFor(path string, it models.ItemDef, given bool) {
	if given {
		v.add(path, "not_for_answer", it.Answer)
	}
}

// within checks lo ≤ n ≤ hi.
func (v *checker) within(path string, n, lo, hi float64) {
	if n < lo {
		v.add(path, "min", formatFloat(lo))
	} else if n > hi {
		v.add(path, "max", formatFloat(hi))
	}
}

func (v *checker) maxScore(p string, it models.ItemDef) {
	if it.Answer != models.AnswerScore {
		v.notFor(p+".max_score", it, it.MaxScore != 0)
		return
	}
	v.within(p+".max_score", float64(it.MaxScore), 1, MaxScoreTop)
}

// bounds wants a number item's bounds in order; an answer could never meet
// min > max.
func (v *checker) bounds(p string, it models.ItemDef) {
	if it.Answer != models.AnswerNumber {
		v.notFor(p+".min", it, it.Min != nil)
		v.notFor(p+".max", it, it.Max != nil)
		return
	}
	if it.Min != nil && it.Max != nil && *it.Min > *it.Max {
		v.add(p+".max", "ge", p+".min")
	}
}

// choices wants 2 to 30 distinct, non-empty, trimmed choices. Answers are
// trimmed before they are compared, so a choice with blanks around it
// could never be picked.
func (v *checker) choices(p string, it models.ItemDef) {
	if it.Answer != models.AnswerChoice && it.Answer != models.AnswerMulti {
		v.notFor(p+".choices", it, it.Choices != nil)
		return
	}
	switch n := len(it.Choices); {
	case n < MinChoices:
		v.add(p+".choices", "min_items", strconv.Itoa(MinChoices))
	case n > MaxChoices:
		v.add(p+".choices", "max_items", strconv.Itoa(MaxChoices))
	}
	first := map[string]int{}
	for k, c := range it.Choices {
		cp := fmt.Sprintf("%s.choices[%d]", p, k)
		if j, dup := first[c]; dup {
			v.add(cp, "unique", fmt.Sprintf("%s.choices[%d]", p, j))
			continue
		}
		first[c] = k
		switch {
		case strings.TrimSpace(c) == "":
			v.add(cp, "required", "")
		case strings.TrimSpace(c) != c:
			v.add(cp, "format", "trimmed")
		case utf8.RuneCountInString(c) > MaxChoice:
			v.add(cp, "maxlen", strconv.Itoa(MaxChoice))
		}
	}
}

// weight: 0 stands for the default 1; only yes/no and score items count in
// the score, so only they take one.
func (v *checker) weight(p string, it models.ItemDef) {
	if !scored(it.Answer) {
		v.notFor(p+".weight", it, it.Weight != 0)
		return
	}
	v.within(p+".weight", it.Weight, 0, MaxWeight)
}

// requireOnFail: only yes/no and score items can fail.
func (v *checker) requireOnFail(p string, it models.ItemDef) {
	switch {
	case it.RequireOnFail == "":
	case !scored(it.Answer):
		v.notFor(p+".require_on_fail", it, true)
	case !slices.Contains(requirements, it.RequireOnFail):
		v.add(p+".require_on_fail", "oneof", strings.Join(requirements, " "))
	}
}

// requirements lists what a failing item may require.
var requirements = []string{models.RequireComment, models.RequireEvidence, models.RequireBoth}

// scored reports whether items of an answer type count in the score and
// can fail.
func scored(answer string) bool {
	return answer == models.AnswerYesNo || answer == models.AnswerScore
}
