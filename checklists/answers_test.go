package checklists

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"dsflow/models"
)

type answersCase struct {
	name    string
	answers map[string]models.Answer
	final   bool
	want    []models.FieldError
}

func runAnswers(t *testing.T, cases []answersCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := CheckAnswers(sound(), tc.answers, tc.final); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

func val(v any) models.Answer { return models.Answer{Value: v} }

// complete answers every item of sound() soundly, nothing failing.
func complete() map[string]models.Answer {
	return map[string]models.Answer{
		"has_plan": val("yes"), "quality": val(4.0), "meetings": val(12.0), "note": val("Kế hoạch đầy đủ"),
		"outlet": val("CTV"), "methods": val([]any{"Vòng", "Viên uống"}), "register": {Files: []string{"a1"}},
	}
}

// with returns complete() with key's answer replaced.
func with(key string, a models.Answer) map[string]models.Answer {
	m := complete()
	m[key] = a
	return m
}

func TestCheckAnswersSound(t *testing.T) {
	runAnswers(t, []answersCase{
		{"complete draft", complete(), false, nil},
		{"complete submission", complete(), true, nil},
		{"empty draft", nil, false, nil},
		{"draft of blanks", map[string]models.Answer{"has_plan": val(""), "quality": val(nil), "methods": val([]any{}), "register": {}}, false, nil},
		{"not applicable", with("has_plan", val("na")), true, nil},
		{"untrimmed values", map[string]models.Answer{"has_plan": val(" no "), "outlet": val("CTV "), "methods": val([]any{" Vòng"})}, false, nil},
		{"numbers from code and UseNumber", map[string]models.Answer{"quality": val(5), "meetings": val(json.Number("7.5"))}, false, nil},
		{"multi from code", with("methods", val([]string{"Bao cao su"})), true, nil},
		{"number at its bounds", map[string]models.Answer{"meetings": val(0.0)}, false, nil},
		{"score 0", map[string]models.Answer{"quality": {Value: 0.0, Comment: "Chưa có"}}, true,
			[]models.FieldError{fe("answers.has_plan.value", "required", "")}},
	})
}

func TestCheckAnswersValues(t *testing.T) {
	runAnswers(t, []answersCase{
		{"yes/no other", with("has_plan", val("có")), false, []models.FieldError{fe("answers.has_plan.value", "oneof", "yes no na")}},
		{"yes/no as a bool", with("has_plan", val(true)), false, []models.FieldError{fe("answers.has_plan.value", "oneof", "yes no na")}},
		{"score above max", with("quality", val(6.0)), false, []models.FieldError{fe("answers.quality.value", "max", "5")}},
		{"score negative", with("quality", val(-1.0)), false, []models.FieldError{fe("answers.quality.value", "min", "0")}},
		{"score a fraction", with("quality", val(2.5)), false, []models.FieldError{fe("answers.quality.value", "type", "score")}},
		{"score as text", with("quality", val("4")), false, []models.FieldError{fe("answers.quality.value", "type", "score")}},
		{"number below min", with("meetings", val(-0.5)), false, []models.FieldError{fe("answers.meetings.value", "min", "0")}},
		{"number above max", with("meetings", val(100.5)), false, []models.FieldError{fe("answers.meetings.value", "max", "100")}},
		{"number as text", with("meetings", val("12")), false, []models.FieldError{fe("answers.meetings.value", "type", "number")}},
		{"number malformed", with("meetings", val(json.Number("12a"))), false, []models.FieldError{fe("answers.meetings.value", "type", "number")}},
		{"text as a number", with("note", val(3.0)), false, []models.FieldError{fe("answers.note.value", "type", "text")}},
		{"text too long", with("note", val(strings.Repeat("ơ", 2001))), false, []models.FieldError{fe("answers.note.value", "maxlen", "2000")}},
		{"choice not listed", with("outlet", val("Bệnh viện")), false,
			[]models.FieldError{fe("answers.outlet.value", "oneof", "Trạm y tế, CTV")}},
		{"choice as a list", with("outlet", val([]any{"CTV"})), false, []models.FieldError{fe("answers.outlet.value", "type", "choice")}},
		{"multi not a list", with("methods", val("Vòng")), false, []models.FieldError{fe("answers.methods.value", "type", "multi")}},
		{"multi with one not listed", with("methods", val([]any{"Vòng", "Cấy", 3.0})), false,
			[]models.FieldError{fe("answers.methods.value[1]", "oneof", "Vòng, Bao cao su, Viên uống"),
				fe("answers.methods.value[2]", "oneof", "Vòng, Bao cao su, Viên uống")}},
		{"multi repeated", with("methods", val([]any{"Vòng", "Vòng "})), false,
			[]models.FieldError{fe("answers.methods.value[1]", "unique", "answers.methods.value[0]")}},
		{"a value on an evidence item", with("register", models.Answer{Value: "ảnh", Files: []string{"a1"}}), false,
			[]models.FieldError{fe("answers.register.value", "not_for_answer", "evidence")}},
		{"comment too long", with("note", models.Answer{Value: "x", Comment: strings.Repeat("a", 2001)}), false,
			[]models.FieldError{fe("answers.note.comment", "maxlen", "2000")}},
		{"files blank and repeated", with("register", models.Answer{Files: []string{"a1", "", "a1"}}), false,
			[]models.FieldError{fe("answers.register.files[1]", "required", ""), fe("answers.register.files[2]", "unique", "answers.register.files[0]")}},
		{"too many files", with("register", models.Answer{Files: manyFiles(21)}), false,
			[]models.FieldError{fe("answers.register.files", "max_items", "20")}},
		{"unknown items, in key order", map[string]models.Answer{"zeta": val("yes"), "alpha": val(1.0), "has_plan": val("maybe")}, false,
			[]models.FieldError{fe("answers.has_plan.value", "oneof", "yes no na"), fe("answers.alpha", "unknown_item", ""), fe("answers.zeta", "unknown_item", "")}},
	})
}

func manyFiles(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "f" + strings.Repeat("x", i)
	}
	return out
}

func TestCheckAnswersFinal(t *testing.T) {
	without := func(key string) map[string]models.Answer {
		m := complete()
		delete(m, key)
		return m
	}
	runAnswers(t, []answersCase{
		{"required missing in a draft", without("has_plan"), false, nil},
		{"required missing", without("has_plan"), true, []models.FieldError{fe("answers.has_plan.value", "required", "")}},
		{"required blank", with("has_plan", models.Answer{Value: " ", Comment: "chưa xem"}), true,
			[]models.FieldError{fe("answers.has_plan.value", "required", "")}},
		{"optional missing", without("note"), true, nil},
		{"optional evidence missing", with("register", models.Answer{Comment: "Không mang theo"}), true, nil},
		{"no without its evidence", with("has_plan", models.Answer{Value: "no", Comment: "Chưa xây dựng"}), true,
			[]models.FieldError{fe("answers.has_plan.files", "required_on_fail", "")}},
		{"no without its evidence in a draft", with("has_plan", val("no")), false, nil},
		{"no with its evidence", with("has_plan", models.Answer{Value: "no", Files: []string{"b2"}}), true, nil},
		{"a low score without its comment", with("quality", val(2.0)), true,
			[]models.FieldError{fe("answers.quality.comment", "required_on_fail", "")}},
		{"a low score with a blank comment", with("quality", models.Answer{Value: 1.0, Comment: "  "}), true,
			[]models.FieldError{fe("answers.quality.comment", "required_on_fail", "")}},
		{"a low score with its comment", with("quality", models.Answer{Value: 0.0, Comment: "Kế hoạch sơ sài"}), true, nil},
		{"half the score passes", with("quality", val(3.0)), true, nil},
		{"a bad score is reported once", with("quality", val(9.0)), true, []models.FieldError{fe("answers.quality.value", "max", "5")}},
	})
	t.Run("both", func(t *testing.T) {
		def := sound()
		def.Sections[0].Items[0].RequireOnFail = models.RequireBoth
		got := CheckAnswers(def, with("has_plan", val("no")), true)
		want := []models.FieldError{fe("answers.has_plan.comment", "required_on_fail", ""), fe("answers.has_plan.files", "required_on_fail", "")}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got  %v\nwant %v", got, want)
		}
	})
	t.Run("required evidence", func(t *testing.T) {
		def := sound()
		def.Sections[1].Items[2].Required = true
		got := CheckAnswers(def, with("register", models.Answer{Comment: "Không mang theo"}), true)
		if want := []models.FieldError{fe("answers.register.files", "required", "")}; !reflect.DeepEqual(got, want) {
			t.Errorf("got  %v\nwant %v", got, want)
		}
	})
}

func TestFails(t *testing.T) {
	yn, sc, text := sound().Sections[0].Items[0], sound().Sections[0].Items[1], sound().Sections[0].Items[3]
	cases := []struct {
		it   models.ItemDef
		v    any
		want bool
	}{
		{yn, "no", true}, {yn, " no", true}, {yn, "yes", false}, {yn, "na", false}, {yn, nil, false}, {yn, "không", false},
		{sc, 0.0, true}, {sc, 2.0, true}, {sc, 3.0, false}, {sc, 5.0, false}, {sc, 9.0, false}, {sc, -1.0, false},
		{text, "no", false},
	}
	for _, c := range cases {
		if got := Fails(c.it, val(c.v)); got != c.want {
			t.Errorf("%s %v: %v, want %v", c.it.Answer, c.v, got, c.want)
		}
	}
}
