package forms

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"dsflow/models"
)

// dataSpec has one field of every type, with bounds where a type takes them.
var dataSpec = models.FormSpec{
	Fields: []models.FormField{
		{Name: "screened", Type: models.FieldCount, Label: label("Số được sàng lọc"), Required: true, Max: ptr(1000)},
		{Name: "pregnant", Type: models.FieldCount, Label: label("Số có thai")},
		{Name: "weight", Type: models.FieldNumber, Label: label("Cân nặng"), Unit: "kg", Min: ptr(0.5), Max: ptr(300)},
		{Name: "temp", Type: models.FieldNumber, Label: label("Nhiệt độ")},
		{Name: "coverage", Type: models.FieldPercent, Label: label("Độ bao phủ"), Min: ptr(10)},
		{Name: "rate", Type: models.FieldPercent, Label: label("Tỷ lệ")},
		{Name: "note", Type: models.FieldText, Label: label("Ghi chú"), MaxLen: 5},
		{Name: "long_note", Type: models.FieldText, Label: label("Ghi chú dài")},
		{Name: "visit_date", Type: models.FieldDate, Label: label("Ngày thăm")},
		{Name: "district", Type: models.FieldChoice, Label: label("Quận"), Choices: []string{"ba_dinh", "hoan_kiem"}},
		{Name: "consent", Type: models.FieldYesNo, Label: label("Đồng ý")},
		{Name: "photo", Type: models.FieldFile, Label: label("Ảnh")},
	},
	Rules: []models.FormRule{{Left: "pregnant", Op: models.RuleLE, Right: "screened"}},
}

// withBase returns {"screened": 10} plus kv, so a case states only what it tests.
func withBase(kv map[string]any) map[string]any {
	m := map[string]any{"screened": 10.0}
	for k, v := range kv {
		m[k] = v
	}
	return m
}

func TestValidateData(t *testing.T) {
	type m = map[string]any
	type errs = []models.FieldError
	tests := []struct {
		name string
		data map[string]any
		want []models.FieldError
	}{
		{"only required", withBase(nil), nil},
		{"all filled", m{
			"screened": json.Number("20"), "pregnant": 3, "weight": 70.5, "temp": -12.25,
			"coverage": 55.5, "rate": int64(100), "note": "  abcde  ", "long_note": "x",
			"visit_date": "2024-02-29", "district": " ba_dinh ", "consent": false, "photo": "att_1",
		}, nil},
		{"required missing", m{}, errs{fe("screened", "required", "")}},
		{"required null", m{"screened": nil}, errs{fe("screened", "required", "")}},
		{"required blank", m{"screened": "  "}, errs{fe("screened", "required", "")}},
		{"zero is a value", m{"screened": 0.0}, nil},
		{"optional blank", withBase(m{"note": "", "weight": nil}), nil},
		{"unknown sorted last", withBase(m{"zeta": 1, "alpha": "x", "weight": 0.1}),
			errs{fe("weight", "min", "0.5"), fe("alpha", "unknown", ""), fe("zeta", "unknown", "")}},
		{"unknown even if blank", withBase(m{"extra": ""}), errs{fe("extra", "unknown", "")}},

		{"number int", withBase(m{"weight": 70}), nil},
		{"number float32", withBase(m{"weight": float32(1.5)}), nil},
		{"number json.Number", withBase(m{"weight": json.Number("70.25")}), nil},
		{"number at bounds", withBase(m{"weight": 0.5, "temp": 1e300}), nil},
		{"number as string", withBase(m{"weight": "70"}), errs{fe("weight", "type", "number")}},
		{"number NaN", withBase(m{"temp": math.NaN()}), errs{fe("temp", "type", "number")}},
		{"number Inf", withBase(m{"temp": math.Inf(-1)}), errs{fe("temp", "type", "number")}},
		{"number json.Number overflow", withBase(m{"temp": json.Number("1e400")}), errs{fe("temp", "type", "number")}},
		{"number json.Number garbage", withBase(m{"temp": json.Number("12kg")}), errs{fe("temp", "type", "number")}},
		{"number below min", withBase(m{"weight": 0.49}), errs{fe("weight", "min", "0.5")}},
		{"number above max", withBase(m{"weight": 300.01}), errs{fe("weight", "max", "300")}},

		{"percent bounds", withBase(m{"rate": 0, "coverage": 100}), nil},
		{"percent below 0", withBase(m{"rate": -0.1}), errs{fe("rate", "min", "0")}},
		{"percent above 100", withBase(m{"rate": 100.5}), errs{fe("rate", "max", "100")}},
		{"percent below field min", withBase(m{"coverage": 9.9}), errs{fe("coverage", "min", "10")}},
		{"percent as bool", withBase(m{"rate": true}), errs{fe("rate", "type", "percent")}},

		{"count int types", withBase(m{"pregnant": uint8(2), "screened": int32(9)}), nil},
		{"count whole json.Number", withBase(m{"pregnant": json.Number("7.0")}), nil},
		{"count fraction", withBase(m{"pregnant": 2.5}), errs{fe("pregnant", "type", "count")}},
		{"count negative", withBase(m{"pregnant": -1}), errs{fe("pregnant", "min", "0")}},
		{"count above max", m{"screened": 1001}, errs{fe("screened", "max", "1000")}},
		{"count as string", withBase(m{"pregnant": "2"}), errs{fe("pregnant", "type", "count")}},

		{"text runes not bytes", withBase(m{"note": "Việt"}), nil},
		{"text too long", withBase(m{"note": "Việt Nam"}), errs{fe("note", "maxlen", "5")}},
		{"text default limit ok", withBase(m{"long_note": strings.Repeat("ư", 10000)}), nil},
		{"text default limit", withBase(m{"long_note": strings.Repeat("a", 10001)}), errs{fe("long_note", "maxlen", "10000")}},
		{"text as number", withBase(m{"note": 12}), errs{fe("note", "type", "text")}},

		{"date leap day", withBase(m{"visit_date": "2024-02-29"}), nil},
		{"date not a leap year", withBase(m{"visit_date": "2023-02-29"}), errs{fe("visit_date", "date", DateLayout)}},
		{"date month 13", withBase(m{"visit_date": "2024-13-01"}), errs{fe("visit_date", "date", DateLayout)}},
		{"date short digits", withBase(m{"visit_date": "2024-1-5"}), errs{fe("visit_date", "date", DateLayout)}},
		{"date local format", withBase(m{"visit_date": "05/01/2024"}), errs{fe("visit_date", "date", DateLayout)}},
		{"date with time", withBase(m{"visit_date": "2024-01-05T10:00:00Z"}), errs{fe("visit_date", "date", DateLayout)}},
		{"date as number", withBase(m{"visit_date": 20240105}), errs{fe("visit_date", "type", "date")}},

		{"choice ok", withBase(m{"district": "hoan_kiem"}), nil},
		{"choice not listed", withBase(m{"district": "hai_ba_trung"}), errs{fe("district", "oneof", "ba_dinh, hoan_kiem")}},
		{"choice wrong case", withBase(m{"district": "Ba_Dinh"}), errs{fe("district", "oneof", "ba_dinh, hoan_kiem")}},
		{"choice as number", withBase(m{"district": 1}), errs{fe("district", "type", "choice")}},

		{"yesno true", withBase(m{"consent": true}), nil},
		{"yesno as string", withBase(m{"consent": "yes"}), errs{fe("consent", "type", "yesno")}},
		{"yesno as number", withBase(m{"consent": 1}), errs{fe("consent", "type", "yesno")}},

		{"file ok", withBase(m{"photo": "01HZX3"}), nil},
		{"file as number", withBase(m{"photo": 42}), errs{fe("photo", "type", "file")}},
		{"file as list", withBase(m{"photo": []any{"a"}}), errs{fe("photo", "type", "file")}},

		{"rule holds", m{"screened": 10, "pregnant": 4}, nil},
		{"rule holds at equality", m{"screened": 10, "pregnant": 10.0}, nil},
		{"rule broken", m{"screened": 10, "pregnant": 11}, errs{fe("pregnant", "le", "screened")}},
		{"rule skipped when a side is invalid", m{"screened": 10, "pregnant": 11.5}, errs{fe("pregnant", "type", "count")}},
		{"rule skipped when a side is absent", m{"pregnant": 11}, errs{fe("screened", "required", "")}},
		{"errors in spec order", withBase(m{"photo": 1, "weight": 0, "extra": 1, "pregnant": 11}),
			errs{fe("weight", "min", "0.5"), fe("photo", "type", "file"), fe("pregnant", "le", "screened"), fe("extra", "unknown", "")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidateData(dataSpec, tt.data); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ValidateData() = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestValidateDataRequired checks that every field type honours Required.
func TestValidateDataRequired(t *testing.T) {
	for _, typ := range fieldTypes {
		t.Run(typ, func(t *testing.T) {
			f := field("x", typ)
			f.Required = true
			spec := models.FormSpec{Fields: []models.FormField{f}}
			want := []models.FieldError{fe("x", "required", "")}
			for _, data := range []map[string]any{nil, {}, {"x": nil}, {"x": " "}} {
				if got := ValidateData(spec, data); !reflect.DeepEqual(got, want) {
					t.Errorf("ValidateData(%v) = %v, want %v", data, got, want)
				}
			}
		})
	}
}

// TestValidateDataRuleOps checks each operator on both sides of its boundary.
func TestValidateDataRuleOps(t *testing.T) {
	tests := []struct {
		name        string
		op          string
		left, right float64
		broken      bool
	}{
		{"le below", models.RuleLE, 1, 2, false},
		{"le equal", models.RuleLE, 2, 2, false},
		{"le above", models.RuleLE, 3, 2, true},
		{"lt below", models.RuleLT, 1, 2, false},
		{"lt equal", models.RuleLT, 2, 2, true},
		{"ge above", models.RuleGE, 3, 2, false},
		{"ge equal", models.RuleGE, 2, 2, false},
		{"ge below", models.RuleGE, 1, 2, true},
		{"eq equal", models.RuleEQ, 2, 2, false},
		{"eq differs", models.RuleEQ, 2, 2.5, true},
		{"unknown op is skipped", "ne", 2, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := models.FormSpec{
				Fields: []models.FormField{field("a", models.FieldNumber), field("b", models.FieldPercent)},
				Rules:  []models.FormRule{{Left: "a", Op: tt.op, Right: "b"}},
			}
			var want []models.FieldError
			if tt.broken {
				want = []models.FieldError{fe("a", tt.op, "b")}
			}
			got := ValidateData(spec, map[string]any{"a": tt.left, "b": tt.right})
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ValidateData() = %v, want %v", got, want)
			}
		})
	}
}
