package forms

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"dsflow/models"
)

func ptr(f float64) *float64 { return &f }

func label(vi string) models.Text { return models.Text{Vi: vi} }

// field builds a valid field of the given type, so a case can break one thing.
func field(name, typ string) models.FormField {
	f := models.FormField{Name: name, Type: typ, Label: label("Nhãn " + name)}
	if typ == models.FieldChoice {
		f.Choices = []string{"a", "b"}
	}
	return f
}

func fe(field, rule, param string) models.FieldError {
	return models.FieldError{Field: field, Rule: rule, Param: param}
}

func TestValidateSpec(t *testing.T) {
	valid := models.FormSpec{
		Fields: []models.FormField{
			field("screened", models.FieldCount),
			field("pregnant", models.FieldCount),
			field("coverage", models.FieldPercent),
			field("weight", models.FieldNumber),
			field("note", models.FieldText),
			field("visit_date", models.FieldDate),
			field("district", models.FieldChoice),
			field("consent", models.FieldYesNo),
			field("photo", models.FieldFile),
		},
		Rules: []models.FormRule{{Left: "pregnant", Op: "le", Right: "screened"}},
	}
	// with returns a copy of valid with field i replaced by f (or appended).
	with := func(i int, f models.FormField) models.FormSpec {
		s := valid
		s.Fields = append([]models.FormField(nil), valid.Fields...)
		if i < len(s.Fields) {
			s.Fields[i] = f
		} else {
			s.Fields = append(s.Fields, f)
		}
		return s
	}
	withRule := func(r models.FormRule) models.FormSpec {
		s := valid
		s.Rules = []models.FormRule{r}
		return s
	}
	modify := func(typ string, change func(*models.FormField)) models.FormField {
		f := field("x", typ)
		change(&f)
		return f
	}
	pattern := namePattern.String()

	tests := []struct {
		name string
		spec models.FormSpec
		want []models.FieldError
	}{
		{"valid", valid, nil},
		{"empty spec", models.FormSpec{}, nil},
		{"longest name", with(7, field(strings.Repeat("a", 64), models.FieldCount)), nil},
		{"empty name", with(7, field("", models.FieldNumber)), []models.FieldError{fe("fields[7].name", "required", "")}},
		{"upper-case name", with(7, field("Weight", models.FieldNumber)), []models.FieldError{fe("fields[7].name", "format", pattern)}},
		{"name starts with digit", with(7, field("1st", models.FieldNumber)), []models.FieldError{fe("fields[7].name", "format", pattern)}},
		{"name with dash", with(7, field("a-b", models.FieldNumber)), []models.FieldError{fe("fields[7].name", "format", pattern)}},
		{"name too long", with(7, field(strings.Repeat("a", 65), models.FieldNumber)), []models.FieldError{fe("fields[7].name", "format", pattern)}},
		{"duplicate name", with(9, field("weight", models.FieldText)), []models.FieldError{fe("fields[9].name", "unique", "fields[3].name")}},
		{"unknown type", with(3, field("weight", "money")), []models.FieldError{fe("fields[3].type", "oneof", "number percent count text date choice yesno file")}},
		{"missing type", with(3, field("weight", "")), []models.FieldError{fe("fields[3].type", "required", "")}},
		{"english label only", with(3, modify(models.FieldNumber, func(f *models.FormField) { f.Label = models.Text{En: "Weight"} })),
			[]models.FieldError{fe("fields[3].label.vi", "required", "")}},
		{"blank label", with(3, modify(models.FieldNumber, func(f *models.FormField) { f.Label = label("  ") })),
			[]models.FieldError{fe("fields[3].label.vi", "required", "")}},
		{"min above max", with(3, modify(models.FieldNumber, func(f *models.FormField) { f.Min, f.Max = ptr(5), ptr(4) })),
			[]models.FieldError{fe("fields[3].min", "le", "fields[3].max")}},
		{"min equals max", with(3, modify(models.FieldNumber, func(f *models.FormField) { f.Min, f.Max = ptr(5), ptr(5) })), nil},
		{"negative number bounds", with(3, modify(models.FieldNumber, func(f *models.FormField) { f.Min, f.Max = ptr(-40), ptr(-1) })), nil},
		{"NaN bound", with(3, modify(models.FieldNumber, func(f *models.FormField) { f.Max = ptr(math.NaN()) })),
			[]models.FieldError{fe("fields[3].max", "type", "number")}},
		{"percent bounds inside", with(2, modify(models.FieldPercent, func(f *models.FormField) { f.Min, f.Max = ptr(0), ptr(100) })), nil},
		{"percent min below 0", with(2, modify(models.FieldPercent, func(f *models.FormField) { f.Min = ptr(-1) })),
			[]models.FieldError{fe("fields[2].min", "min", "0")}},
		{"percent max above 100", with(2, modify(models.FieldPercent, func(f *models.FormField) { f.Max = ptr(100.5) })),
			[]models.FieldError{fe("fields[2].max", "max", "100")}},
		{"negative max_len", with(4, modify(models.FieldText, func(f *models.FormField) { f.MaxLen = -1 })),
			[]models.FieldError{fe("fields[4].max_len", "min", "0")}},
		{"choice without choices", with(6, modify(models.FieldChoice, func(f *models.FormField) { f.Choices = nil })),
			[]models.FieldError{fe("fields[6].choices", "required", "")}},
		{"duplicate choice", with(6, modify(models.FieldChoice, func(f *models.FormField) { f.Choices = []string{"a", "b", "a"} })),
			[]models.FieldError{fe("fields[6].choices[2]", "unique", "fields[6].choices[0]")}},
		{"blank choice", with(6, modify(models.FieldChoice, func(f *models.FormField) { f.Choices = []string{"a", " "} })),
			[]models.FieldError{fe("fields[6].choices[1]", "required", "")}},
		{"untrimmed choice", with(6, modify(models.FieldChoice, func(f *models.FormField) { f.Choices = []string{"a "} })),
			[]models.FieldError{fe("fields[6].choices[0]", "format", "trimmed")}},
		{"rule with unknown left", withRule(models.FormRule{Left: "nope", Op: "le", Right: "screened"}),
			[]models.FieldError{fe("rules[0].left", "unknown", "nope")}},
		{"rule with text right", withRule(models.FormRule{Left: "screened", Op: "le", Right: "note"}),
			[]models.FieldError{fe("rules[0].right", "type", "numeric")}},
		{"rule with empty sides", withRule(models.FormRule{Op: "eq"}),
			[]models.FieldError{fe("rules[0].left", "required", ""), fe("rules[0].right", "required", "")}},
		{"rule with unknown op", withRule(models.FormRule{Left: "pregnant", Op: "ne", Right: "screened"}),
			[]models.FieldError{fe("rules[0].op", "oneof", "le lt ge eq")}},
		{"rule without op", withRule(models.FormRule{Left: "pregnant", Right: "screened"}),
			[]models.FieldError{fe("rules[0].op", "required", "")}},
		{"rule comparing a field with itself", withRule(models.FormRule{Left: "screened", Op: "le", Right: "screened"}),
			[]models.FieldError{fe("rules[0].right", "same_field", "rules[0].left")}},
		{"rule over percent and number", withRule(models.FormRule{Left: "coverage", Op: "ge", Right: "weight"}), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidateSpec(tt.spec); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ValidateSpec() = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestValidateSpecOrder checks that errors come sorted by path with indexes
// compared as numbers, whatever order they were found in.
func TestValidateSpecOrder(t *testing.T) {
	var spec models.FormSpec
	for i := range 12 {
		spec.Fields = append(spec.Fields, field(fmt.Sprintf("f%d", i), models.FieldNumber))
	}
	spec.Fields[10].Label = label("")
	spec.Fields[2].Type = "bogus"
	spec.Fields[2].Name = "F2"
	spec.Rules = []models.FormRule{{Left: "f1", Op: "x", Right: "zz"}}
	want := []models.FieldError{
		fe("fields[2].name", "format", namePattern.String()),
		fe("fields[2].type", "oneof", "number percent count text date choice yesno file"),
		fe("fields[10].label.vi", "required", ""),
		fe("rules[0].op", "oneof", "le lt ge eq"),
		fe("rules[0].right", "unknown", "zz"),
	}
	for range 3 { // the same answer every time, as workflow replay needs
		if got := ValidateSpec(spec); !reflect.DeepEqual(got, want) {
			t.Fatalf("ValidateSpec() = %v, want %v", got, want)
		}
	}
}

func TestNaturalCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"fields[2]", "fields[10]", -1},
		{"fields[10]", "fields[2]", 1},
		{"fields[2].max", "fields[2].min", -1},
		{"fields[3]", "fields[3]", 0},
		{"fields[3]", "fields[3].name", -1},
		{"fields[9]", "rules[0]", -1},
	}
	for _, tt := range tests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			if got := naturalCompare(tt.a, tt.b); got != tt.want {
				t.Errorf("naturalCompare(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}
