package forms

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dsflow/models"
)

// DefaultMaxLen caps a text field without its own MaxLen, so one submission
// cannot bloat workflow history and the read model.
const DefaultMaxLen = 10000

// DateLayout is the only accepted date format: ISO 8601 calendar dates sort
// and compare as strings and carry no time zone to misread.
const DateLayout = "2006-01-02"

// ValidateData checks submitted data against its form and returns nil when
// it is acceptable. Fields are checked in spec order with at most one error
// each; cross-field rules follow in rule order, evaluated only when both sides
// are present and valid (otherwise the side's own error says enough); keys the
// form does not define come last, sorted, as rule "unknown".
//
// Strings are judged as Normalize will store them, i.e. trimmed; a blank
// string or null counts as absent.
func ValidateData(spec models.FormSpec, data map[string]any) []models.FieldError {
	var errs []models.FieldError
	known := make(map[string]bool, len(spec.Fields))
	nums := make(map[string]float64, len(spec.Fields)) // valid numeric values, for rules
	for _, f := range spec.Fields {
		known[f.Name] = true
		v, ok := data[f.Name]
		if !ok || isEmpty(v) {
			if f.Required {
				errs = append(errs, models.FieldError{Field: f.Name, Rule: "required"})
			}
			continue
		}
		n, fe := checkValue(f, v)
		if fe != nil {
			errs = append(errs, *fe)
			continue
		}
		if isNumeric(f.Type) {
			nums[f.Name] = n
		}
	}
	for _, r := range spec.Rules {
		left, lok := nums[r.Left]
		right, rok := nums[r.Right]
		if !lok || !rok {
			continue
		}
		if holds, ok := compare(left, r.Op, right); ok && !holds {
			errs = append(errs, models.FieldError{Field: r.Left, Rule: r.Op, Param: r.Right})
		}
	}
	var unknown []string
	for k := range data {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		errs = append(errs, models.FieldError{Field: k, Rule: "unknown"})
	}
	return errs
}

// checkValue checks one present, non-empty value against its field. For a
// numeric field it also returns the value as float64. A wrong Go type is rule
// "type" with the field type as param. A field of unknown type rejects every
// value: failing closed is safer than storing data nobody checked.
func checkValue(f models.FormField, v any) (float64, *models.FieldError) {
	fail := func(rule, param string) (float64, *models.FieldError) {
		return 0, &models.FieldError{Field: f.Name, Rule: rule, Param: param}
	}
	if isNumeric(f.Type) {
		n, ok := toFloat(v)
		if !ok || !finite(n) || (f.Type == models.FieldCount && n != math.Trunc(n)) {
			return fail("type", f.Type)
		}
		lo, hi := bounds(f)
		if lo != nil && n < *lo {
			return fail("min", formatFloat(*lo))
		}
		if hi != nil && n > *hi {
			return fail("max", formatFloat(*hi))
		}
		return n, nil
	}
	if f.Type == models.FieldYesNo {
		if _, ok := v.(bool); !ok {
			return fail("type", f.Type)
		}
		return 0, nil
	}
	raw, ok := v.(string)
	if !ok {
		return fail("type", f.Type)
	}
	s := strings.TrimSpace(raw)
	switch f.Type {
	case models.FieldText:
		limit := f.MaxLen
		if limit <= 0 {
			limit = DefaultMaxLen
		}
		if utf8.RuneCountInString(s) > limit {
			return fail("maxlen", strconv.Itoa(limit))
		}
	case models.FieldDate:
		// time.Parse rejects impossible days such as 2023-02-29.
		if _, err := time.Parse(DateLayout, s); err != nil {
			return fail("date", DateLayout)
		}
	case models.FieldChoice:
		if !slices.Contains(f.Choices, s) {
			return fail("oneof", strings.Join(f.Choices, ", "))
		}
	case models.FieldFile:
		// Non-empty is guaranteed by the caller; whether the attachment exists
		// is for the caller to check with FileIDs, as it needs I/O.
	default:
		return fail("type", f.Type)
	}
	return 0, nil
}

// bounds returns the effective inclusive range of a numeric field: its own
// Min/Max, narrowed to 0–100 for a percent and to ≥ 0 for a count.
func bounds(f models.FormField) (lo, hi *float64) {
	lo, hi = f.Min, f.Max
	clampLo := func(floor float64) {
		if lo == nil || *lo < floor {
			lo = &floor
		}
	}
	switch f.Type {
	case models.FieldPercent:
		clampLo(0)
		if ceil := 100.0; hi == nil || *hi > ceil {
			hi = &ceil
		}
	case models.FieldCount:
		clampLo(0)
	}
	return lo, hi
}

// compare evaluates left op right; ok is false for an unknown operator, which
// ValidateSpec reports, so here it is skipped rather than failing every submit.
func compare(left float64, op string, right float64) (holds, ok bool) {
	switch op {
	case models.RuleLE:
		return left <= right, true
	case models.RuleLT:
		return left < right, true
	case models.RuleGE:
		return left >= right, true
	case models.RuleEQ:
		return left == right, true
	}
	return false, false
}
