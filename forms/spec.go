package forms

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"dsflow/models"
)

// namePattern keeps field names usable as JSON keys, database column-like
// identifiers and i18n key fragments without escaping.
var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// fieldTypes lists the known field types, in the order used in error params.
var fieldTypes = []string{
	models.FieldNumber, models.FieldPercent, models.FieldCount, models.FieldText,
	models.FieldDate, models.FieldChoice, models.FieldYesNo, models.FieldFile,
}

// ruleOps lists the known cross-field operators.
var ruleOps = []string{models.RuleLE, models.RuleLT, models.RuleGE, models.RuleEQ}

// ValidateSpec reports what is wrong with a form definition, so a broken form
// is refused when a template or task is created rather than when an assignee
// cannot submit it. Field paths mirror the JSON ("fields[2].name",
// "rules[0].left"); the result is sorted by path (indexes compared as numbers),
// then rule, then param. It returns nil for a sound spec.
func ValidateSpec(spec models.FormSpec) []models.FieldError {
	var errs []models.FieldError
	add := func(field, rule, param string) {
		errs = append(errs, models.FieldError{Field: field, Rule: rule, Param: param})
	}
	types := make(map[string]string, len(spec.Fields)) // name → type of its first use
	first := make(map[string]int, len(spec.Fields))    // name → index of its first use
	for i, f := range spec.Fields {
		p := fmt.Sprintf("fields[%d]", i)
		switch j, dup := first[f.Name]; {
		case f.Name == "":
			add(p+".name", "required", "")
		case !namePattern.MatchString(f.Name):
			add(p+".name", "format", namePattern.String())
		case dup:
			add(p+".name", "unique", fmt.Sprintf("fields[%d].name", j))
		default:
			first[f.Name], types[f.Name] = i, f.Type
		}
		switch {
		case f.Type == "":
			add(p+".type", "required", "")
		case !slices.Contains(fieldTypes, f.Type):
			add(p+".type", "oneof", strings.Join(fieldTypes, " "))
		}
		if strings.TrimSpace(f.Label.Vi) == "" {
			add(p+".label.vi", "required", "")
		}
		if f.MaxLen < 0 {
			add(p+".max_len", "min", "0")
		}
		checkBounds(p, f, add)
		if f.Type == models.FieldChoice {
			checkChoices(p, f.Choices, add)
		}
	}
	for j, r := range spec.Rules {
		p := fmt.Sprintf("rules[%d]", j)
		checkRuleSide(p+".left", r.Left, types, add)
		checkRuleSide(p+".right", r.Right, types, add)
		if r.Left != "" && r.Left == r.Right {
			// A field compared with itself always or never holds: a slip.
			add(p+".right", "same_field", p+".left")
		}
		switch {
		case r.Op == "":
			add(p+".op", "required", "")
		case !slices.Contains(ruleOps, r.Op):
			add(p+".op", "oneof", strings.Join(ruleOps, " "))
		}
	}
	sortErrors(errs)
	return errs
}

// checkBounds wants finite bounds in order, and a percent's bounds inside
// 0–100, because a bound outside that range could never be met or is moot.
func checkBounds(p string, f models.FormField, add func(field, rule, param string)) {
	ok := true
	for _, b := range []struct {
		path string
		v    *float64
	}{{p + ".min", f.Min}, {p + ".max", f.Max}} {
		switch {
		case b.v == nil:
		case !finite(*b.v):
			add(b.path, "type", models.FieldNumber)
			ok = false
		case f.Type == models.FieldPercent && *b.v < 0:
			add(b.path, "min", "0")
		case f.Type == models.FieldPercent && *b.v > 100:
			add(b.path, "max", "100")
		}
	}
	if ok && f.Min != nil && f.Max != nil && *f.Min > *f.Max {
		add(p+".min", "le", p+".max")
	}
}

// checkChoices wants a non-empty list of distinct choices. Choices must also
// be trimmed: submitted strings are trimmed before they are compared, so a
// choice with surrounding blanks could never be picked.
func checkChoices(p string, choices []string, add func(field, rule, param string)) {
	if len(choices) == 0 {
		add(p+".choices", "required", "")
		return
	}
	seen := make(map[string]int, len(choices))
	for k, c := range choices {
		cp := fmt.Sprintf("%s.choices[%d]", p, k)
		j, dup := seen[c]
		switch {
		case strings.TrimSpace(c) == "":
			add(cp, "required", "")
		case strings.TrimSpace(c) != c:
			add(cp, "format", "trimmed")
		case dup:
			add(cp, "unique", fmt.Sprintf("%s.choices[%d]", p, j))
		default:
			seen[c] = k
		}
	}
}

// checkRuleSide wants a rule operand to name a numeric field of the form;
// anything else would make the rule silently never apply.
func checkRuleSide(path, name string, types map[string]string, add func(field, rule, param string)) {
	typ, ok := types[name]
	switch {
	case name == "":
		add(path, "required", "")
	case !ok:
		add(path, "unknown", name)
	case !isNumeric(typ):
		add(path, "type", "numeric")
	}
}

// sortErrors orders errors by field path, comparing digit runs as numbers so
// fields[10] follows fields[2], then by rule and param.
func sortErrors(errs []models.FieldError) {
	slices.SortStableFunc(errs, func(a, b models.FieldError) int {
		return cmp.Or(naturalCompare(a.Field, b.Field),
			strings.Compare(a.Field, b.Field),
			strings.Compare(a.Rule, b.Rule),
			strings.Compare(a.Param, b.Param))
	})
}

// naturalCompare compares strings byte by byte, except that runs of ASCII
// digits are compared by numeric value.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := leadingDigits(a), leadingDigits(b)
		if da == "" || db == "" {
			if c := cmp.Compare(a[0], b[0]); c != 0 {
				return c
			}
			a, b = a[1:], b[1:]
			continue
		}
		na, nb := strings.TrimLeft(da, "0"), strings.TrimLeft(db, "0")
		if c := cmp.Or(cmp.Compare(len(na), len(nb)), strings.Compare(na, nb)); c != 0 {
			return c
		}
		a, b = a[len(da):], b[len(db):]
	}
	return cmp.Compare(len(a), len(b))
}

// leadingDigits returns the run of ASCII digits at the start of s.
func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}
