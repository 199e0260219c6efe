package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dsflow/i18n"
	"dsflow/models"
)

// formPrefix names a task form's inputs ("f_births"), apart from the
// page's own fields.
const formPrefix = "f_"

// input is one generated input of a task's form.
type input struct {
	ID, Name, Label string
	Kind            string // the form field's type (models.Field…)
	Type            string // the HTML input's type
	Value           string
	Required        bool
	Unit            string
	Min, Max, Step  string
	InputMode       string
	MaxLen          int
	Long            bool // a textarea
	Choices         []string
	Error           string
}

// inputs builds the inputs of spec, valued from values (the raw text of a
// posted form, or the task's saved data), with errors beside them.
func inputs(lang string, spec models.FormSpec, values map[string]string, errs map[string]string) []input {
	out := make([]input, 0, len(spec.Fields))
	for _, f := range spec.Fields {
		in := input{ID: formPrefix + f.Name, Name: formPrefix + f.Name, Label: f.Label.In(lang), Kind: f.Type, Value: values[f.Name],
			Required: f.Required, Unit: f.Unit, MaxLen: f.MaxLen, Choices: f.Choices, Error: errs["data."+f.Name]}
		if f.Min != nil {
			in.Min = strconv.FormatFloat(*f.Min, 'f', -1, 64)
		}
		if f.Max != nil {
			in.Max = strconv.FormatFloat(*f.Max, 'f', -1, 64)
		}
		switch f.Type {
		case models.FieldNumber:
			in.Type, in.Step, in.InputMode = "number", "any", "decimal"
		case models.FieldPercent:
			in.Type, in.Step, in.InputMode = "number", "any", "decimal"
			if in.Min == "" {
				in.Min = "0"
			}
			if in.Max == "" {
				in.Max = "100"
			}
		case models.FieldCount:
			in.Type, in.Step, in.InputMode = "number", "1", "numeric"
			if in.Min == "" {
				in.Min = "0"
			}
		case models.FieldDate:
			in.Type = "date"
		case models.FieldText:
			in.Type, in.Long = "text", f.MaxLen == 0 || f.MaxLen > 200
		}
		out = append(out, in)
	}
	return out
}

// postedValues reads a task form's raw values from a POST.
func postedValues(r *http.Request, spec models.FormSpec) map[string]string {
	out := map[string]string{}
	for _, f := range spec.Fields {
		out[f.Name] = r.PostFormValue(formPrefix + f.Name)
	}
	return out
}

// formData turns a form's raw values into the data a submit sends: blanks
// are left out, numbers become numbers and yes/no a boolean. A value that
// does not parse is sent as typed, so the API names what is wrong with it
// in its own words.
func formData(spec models.FormSpec, values map[string]string) map[string]any {
	data := map[string]any{}
	for _, f := range spec.Fields {
		raw := strings.TrimSpace(values[f.Name])
		if raw == "" {
			continue
		}
		switch f.Type {
		case models.FieldNumber, models.FieldPercent, models.FieldCount:
			if n, ok := parseNumber(raw); ok {
				data[f.Name] = n
				continue
			}
		case models.FieldYesNo:
			if raw == "yes" || raw == "no" {
				data[f.Name] = raw == "yes"
				continue
			}
		}
		data[f.Name] = raw
	}
	return data
}

// parseNumber reads a decimal as a browser's number input sends it
// ("1234.5"), or typed with a Vietnamese decimal comma ("1234,5").
func parseNumber(s string) (float64, bool) {
	if !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
		return 0, false
	}
	return n, true
}

// savedValues turns a task's saved data into raw form values.
func savedValues(spec models.FormSpec, data map[string]any) map[string]string {
	out := map[string]string{}
	for _, f := range spec.Fields {
		switch v := data[f.Name].(type) {
		case float64:
			out[f.Name] = strconv.FormatFloat(v, 'f', -1, 64)
		case bool:
			out[f.Name] = map[bool]string{true: "yes", false: "no"}[v]
		case string:
			out[f.Name] = v
		}
	}
	return out
}

// shown is one submitted value, written for people.
type shown struct{ Label, Value string }

// shownData writes a task's submitted data in lang, in form order.
func shownData(lang string, spec models.FormSpec, data map[string]any) []shown {
	var out []shown
	for _, f := range spec.Fields {
		v, ok := data[f.Name]
		if !ok || v == nil {
			continue
		}
		s := ""
		switch x := v.(type) {
		case float64:
			s = formatNumber(lang, x)
			if f.Unit != "" {
				s += " " + f.Unit
			}
		case bool:
			s = i18n.T(lang, map[bool]string{true: "web.task.yes", false: "web.task.no"}[x])
		case string:
			s = x
			if f.Type == models.FieldDate {
				if d, err := time.Parse("2006-01-02", x); err == nil {
					s = d.Format(dateLayout)
				}
			}
		default:
			continue
		}
		out = append(out, shown{Label: f.Label.In(lang), Value: s})
	}
	return out
}

// formatNumber writes a number with the language's separators
// (1.234,5 in Vietnamese, 1,234.5 in English).
func formatNumber(lang string, n float64) string {
	s := strconv.FormatFloat(math.Abs(n), 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	thousands, decimal := ".", ","
	if lang == i18n.EN {
		thousands, decimal = ",", "."
	}
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(thousands)
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += decimal + frac
	}
	if n < 0 {
		out = "-" + out
	}
	return out
}
