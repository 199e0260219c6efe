package models

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Field types of a task's form.
const (
	FieldNumber  = "number"  // a decimal with a unit of measure and bounds
	FieldPercent = "percent" // 0–100
	FieldCount   = "count"   // a non-negative integer
	FieldText    = "text"
	FieldDate    = "date" // yyyy-mm-dd
	FieldChoice  = "choice"
	FieldYesNo   = "yesno"
	FieldFile    = "file" // the ID of an uploaded attachment
)

// FormSpec is the typed form a task asks its assignee to fill.
type FormSpec struct {
	Fields []FormField `json:"fields,omitempty"`
	// Rules are cross-field constraints such as "part ≤ total".
	Rules []FormRule `json:"rules,omitempty"`
}

// FormField is one input of a form.
type FormField struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Label    Text     `json:"label"`
	Required bool     `json:"required,omitempty"`
	Unit     string   `json:"unit,omitempty"` // unit of measure for numbers
	Min      *float64 `json:"min,omitempty"`
	Max      *float64 `json:"max,omitempty"`
	MaxLen   int      `json:"max_len,omitempty"`
	Choices  []string `json:"choices,omitempty"`
}

// Cross-field rule operators.
const (
	RuleLE = "le" // Left ≤ Right
	RuleLT = "lt"
	RuleGE = "ge"
	RuleEQ = "eq"
)

// FormRule compares two numeric fields: Left Op Right.
type FormRule struct {
	Left  string `json:"left"`
	Op    string `json:"op"`
	Right string `json:"right"`
}

// Text is a bilingual string: Vietnamese first, English second.
type Text struct {
	Vi string `json:"vi"`
	En string `json:"en,omitempty"`
}

// In returns the text in lang ("vi" or "en"), falling back to Vietnamese.
func (t Text) In(lang string) string {
	if lang == "en" && t.En != "" {
		return t.En
	}
	return t.Vi
}

// Check reports the faults of a bilingual text at path ("title" gives
// "title.vi"): Vietnamese missing when required (English is second, never
// required), either language over limit runes. Templates and checklists
// check their texts so.
func (t Text) Check(path string, required bool, limit int) []FieldError {
	var errs []FieldError
	if required && strings.TrimSpace(t.Vi) == "" {
		errs = append(errs, FieldError{Field: path + ".vi", Rule: "required"})
	}
	for _, s := range []struct{ lang, s string }{{"vi", t.Vi}, {"en", t.En}} {
		if utf8.RuneCountInString(s.s) > limit {
			errs = append(errs, FieldError{Field: path + "." + s.lang, Rule: "maxlen", Param: strconv.Itoa(limit)})
		}
	}
	return errs
}
