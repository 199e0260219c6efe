package checklists

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"

	"dsflow/models"
)

// Values of a yes/no item.
const (
	Yes           = "yes"
	No            = "no"
	NotApplicable = "na"
)

var yesNoValues = []string{Yes, No, NotApplicable}

// number reads a numeric answer in the shapes it may arrive in: float64
// from encoding/json, json.Number from a decoder with UseNumber, any Go
// integer or float from code. NaN and infinities are not numbers here.
func number(v any) (float64, bool) {
	var f float64
	switch r := reflect.ValueOf(v); {
	case r.CanFloat():
		f = r.Float()
	case r.CanInt():
		f = float64(r.Int())
	case r.CanUint():
		f = float64(r.Uint())
	default:
		n, ok := v.(json.Number)
		if !ok {
			return 0, false
		}
		var err error
		if f, err = strconv.ParseFloat(strings.TrimSpace(string(n)), 64); err != nil {
			return 0, false
		}
	}
	return f, !math.IsNaN(f) && !math.IsInf(f, 0)
}

// stringList returns the list a multi answer holds: []any from encoding/json
// or []string from code. ok is false for anything else.
func stringList(v any) (list []any, ok bool) {
	switch l := v.(type) {
	case []any:
		return l, true
	case []string:
		list = make([]any, len(l))
		for i, s := range l {
			list[i] = s
		}
		return list, true
	}
	return nil, false
}

// Answered reports whether a answers it: an evidence item by its files,
// any other by a value that is not blank (nil, a blank string or an empty
// list is no answer, as an untouched input on a phone sends them). A
// comment alone answers nothing.
func Answered(it models.ItemDef, a models.Answer) bool {
	if it.Answer == models.AnswerEvidence {
		return len(a.Files) > 0
	}
	switch v := a.Value.(type) {
	case nil:
		return false
	case string:
		return strings.TrimSpace(v) != ""
	}
	if l, ok := stringList(a.Value); ok {
		return len(l) > 0
	}
	return true
}

// yesNo returns a yes/no answer's value when it is one of yes, no, na.
func yesNo(a models.Answer) (string, bool) {
	s, ok := a.Value.(string)
	s = strings.TrimSpace(s)
	return s, ok && (s == Yes || s == No || s == NotApplicable)
}

// scoreOf returns a score answer's value when it is a whole number from 0
// to the item's max_score.
func scoreOf(it models.ItemDef, a models.Answer) (float64, bool) {
	n, ok := number(a.Value)
	return n, ok && n == math.Trunc(n) && n >= 0 && n <= float64(it.MaxScore)
}

// Fails reports whether a is a failing answer to it: "no" to a yes/no item,
// or a score under half of max_score (0, 1 or 2 out of 5). Other items
// never fail, and neither does an answer CheckAnswers refuses. A failing
// answer must carry what the item's require_on_fail asks for.
func Fails(it models.ItemDef, a models.Answer) bool {
	switch it.Answer {
	case models.AnswerYesNo:
		v, ok := yesNo(a)
		return ok && v == No
	case models.AnswerScore:
		n, ok := scoreOf(it, a)
		return ok && n < float64(it.MaxScore)/2
	}
	return false
}

// weight is an item's weight in the score: 0 stands for the default 1.
func weight(it models.ItemDef) float64 {
	if it.Weight == 0 {
		return 1
	}
	return it.Weight
}
