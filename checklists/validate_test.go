package checklists

import (
	"reflect"
	"strings"
	"testing"

	"dsflow/models"
)

func fe(field, rule, param string) models.FieldError {
	return models.FieldError{Field: field, Rule: rule, Param: param}
}

func f64(f float64) *float64 { return &f }

// sound is a small valid checklist with an item of every answer type.
// Each case breaks one thing of a fresh copy.
func sound() models.ChecklistDef {
	return models.ChecklistDef{
		Title: tx("Kiểm tra thử", "Test inspection"),
		Sections: []models.SectionDef{
			{Key: "plan", Title: tx("Kế hoạch", "Planning"), Items: []models.ItemDef{
				{Key: "has_plan", Text: tx("Có kế hoạch năm", ""), Answer: models.AnswerYesNo, Weight: 2,
					RequireOnFail: models.RequireEvidence, Required: true},
				{Key: "quality", Text: tx("Chất lượng kế hoạch", ""), Answer: models.AnswerScore, MaxScore: 5,
					RequireOnFail: models.RequireComment},
				{Key: "meetings", Text: tx("Số cuộc họp", ""), Answer: models.AnswerNumber, Min: f64(0), Max: f64(100)},
				{Key: "note", Text: tx("Ghi chú", ""), Answer: models.AnswerText},
			}},
			{Key: "services", Title: tx("Dịch vụ", "Services"), Items: []models.ItemDef{
				{Key: "outlet", Text: tx("Nơi cung cấp", ""), Answer: models.AnswerChoice, Choices: []string{"Trạm y tế", "CTV"}},
				{Key: "methods", Text: tx("Biện pháp", ""), Answer: models.AnswerMulti, Choices: []string{"Vòng", "Bao cao su", "Viên uống"}},
				{Key: "register", Text: tx("Ảnh sổ sách", ""), Answer: models.AnswerEvidence},
			}},
		},
	}
}

type validateCase struct {
	name   string
	change func(d *models.ChecklistDef)
	want   []models.FieldError
}

// runValidate applies each case to a fresh sound checklist.
func runValidate(t *testing.T, cases []validateCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := sound()
			tc.change(&d)
			if got := Validate(d); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

// item changes item j of section i.
func item(i, j int, f func(it *models.ItemDef)) func(d *models.ChecklistDef) {
	return func(d *models.ChecklistDef) { f(&d.Sections[i].Items[j]) }
}

func TestValidateSound(t *testing.T) {
	if errs := Validate(sound()); errs != nil {
		t.Fatalf("the sound checklist: %v", errs)
	}
}

func TestValidateTop(t *testing.T) {
	runValidate(t, []validateCase{
		{"title blank", func(d *models.ChecklistDef) { d.Title.Vi = " " }, []models.FieldError{fe("title.vi", "required", "")}},
		{"title in English only", func(d *models.ChecklistDef) { d.Title = tx("", "Inspection") }, []models.FieldError{fe("title.vi", "required", "")}},
		{"title 300 runes", func(d *models.ChecklistDef) { d.Title.Vi = strings.Repeat("ế", 300) }, nil},
		{"title 301 runes", func(d *models.ChecklistDef) { d.Title.Vi = strings.Repeat("ế", 301) },
			[]models.FieldError{fe("title.vi", "maxlen", "300")}},
		{"english title too long", func(d *models.ChecklistDef) { d.Title.En = strings.Repeat("a", 301) },
			[]models.FieldError{fe("title.en", "maxlen", "300")}},
		{"description too long", func(d *models.ChecklistDef) { d.Description.Vi = strings.Repeat("a", 2001) },
			[]models.FieldError{fe("description.vi", "maxlen", "2000")}},
		{"no sections", func(d *models.ChecklistDef) { d.Sections = nil }, []models.FieldError{fe("sections", "required", "")}},
		{"300 items", func(d *models.ChecklistDef) { d.Sections[0].Items = manyItems(297) }, nil},
		{"301 items", func(d *models.ChecklistDef) { d.Sections[0].Items = manyItems(298) },
			[]models.FieldError{fe("sections", "checklist_items", "300")}},
	})
}

// manyItems returns n sound yes/no items with distinct keys (qa, qb, …,
// qxa, …); with the three items of the other section, n+3 in all.
func manyItems(n int) []models.ItemDef {
	out := make([]models.ItemDef, n)
	for i := range out {
		out[i] = models.ItemDef{Key: "q" + strings.Repeat("x", i/26) + string(rune('a'+i%26)), Text: tx("Câu hỏi", ""), Answer: models.AnswerYesNo}
	}
	return out
}

func TestValidateSections(t *testing.T) {
	sec := func(i int, f func(s *models.SectionDef)) func(d *models.ChecklistDef) {
		return func(d *models.ChecklistDef) { f(&d.Sections[i]) }
	}
	runValidate(t, []validateCase{
		{"key missing", sec(1, func(s *models.SectionDef) { s.Key = "" }), []models.FieldError{fe("sections[1].key", "required", "")}},
		{"key upper-case", sec(1, func(s *models.SectionDef) { s.Key = "Services" }),
			[]models.FieldError{fe("sections[1].key", "format", models.PartKeyFormat())}},
		{"key with a dash", sec(1, func(s *models.SectionDef) { s.Key = "rh-fp" }),
			[]models.FieldError{fe("sections[1].key", "format", models.PartKeyFormat())}},
		{"key starting with a digit", sec(1, func(s *models.SectionDef) { s.Key = "9a" }),
			[]models.FieldError{fe("sections[1].key", "format", models.PartKeyFormat())}},
		{"key 40 characters", sec(1, func(s *models.SectionDef) { s.Key = strings.Repeat("k", 40) }), nil},
		{"key 41 characters", sec(1, func(s *models.SectionDef) { s.Key = strings.Repeat("k", 41) }),
			[]models.FieldError{fe("sections[1].key", "format", models.PartKeyFormat())}},
		{"key repeated", sec(1, func(s *models.SectionDef) { s.Key = "plan" }),
			[]models.FieldError{fe("sections[1].key", "unique", "sections[0].key")}},
		{"a section key may equal an item key", sec(1, func(s *models.SectionDef) { s.Key = "has_plan" }), nil},
		{"title missing", sec(0, func(s *models.SectionDef) { s.Title = tx("", "Planning") }),
			[]models.FieldError{fe("sections[0].title.vi", "required", "")}},
		{"title too long", sec(0, func(s *models.SectionDef) { s.Title.En = strings.Repeat("a", 301) }),
			[]models.FieldError{fe("sections[0].title.en", "maxlen", "300")}},
		{"no items", sec(1, func(s *models.SectionDef) { s.Items = nil }), []models.FieldError{fe("sections[1].items", "required", "")}},
	})
}

func TestValidateItems(t *testing.T) {
	types := strings.Join(models.AnswerTypes, " ")
	runValidate(t, []validateCase{
		{"key missing", item(0, 1, func(it *models.ItemDef) { it.Key = "" }), []models.FieldError{fe("sections[0].items[1].key", "required", "")}},
		{"key malformed", item(0, 1, func(it *models.ItemDef) { it.Key = "chất_lượng" }),
			[]models.FieldError{fe("sections[0].items[1].key", "format", models.PartKeyFormat())}},
		{"key repeated in the section", item(0, 3, func(it *models.ItemDef) { it.Key = "quality" }),
			[]models.FieldError{fe("sections[0].items[3].key", "unique", "sections[0].items[1].key")}},
		{"key repeated in another section", item(1, 2, func(it *models.ItemDef) { it.Key = "has_plan" }),
			[]models.FieldError{fe("sections[1].items[2].key", "unique", "sections[0].items[0].key")}},
		{"text missing", item(1, 0, func(it *models.ItemDef) { it.Text = models.Text{} }),
			[]models.FieldError{fe("sections[1].items[0].text.vi", "required", "")}},
		{"text 2000 runes", item(1, 0, func(it *models.ItemDef) { it.Text.Vi = strings.Repeat("ư", 2000) }), nil},
		{"text 2001 runes", item(1, 0, func(it *models.ItemDef) { it.Text.Vi = strings.Repeat("ư", 2001) }),
			[]models.FieldError{fe("sections[1].items[0].text.vi", "maxlen", "2000")}},
		{"answer missing", item(0, 3, func(it *models.ItemDef) { it.Answer = "" }),
			[]models.FieldError{fe("sections[0].items[3].answer", "required", "")}},
		{"answer unknown", item(0, 3, func(it *models.ItemDef) { it.Answer = "photo" }),
			[]models.FieldError{fe("sections[0].items[3].answer", "oneof", types)}},
		{"several faults in document order", func(d *models.ChecklistDef) {
			d.Title.Vi = ""
			d.Sections[0].Items[1].MaxScore = 0
			d.Sections[1].Key = "plan"
			d.Sections[1].Items[0].Choices = nil
		}, []models.FieldError{fe("title.vi", "required", ""), fe("sections[0].items[1].max_score", "min", "1"),
			fe("sections[1].key", "unique", "sections[0].key"), fe("sections[1].items[0].choices", "min_items", "2")}},
	})
}

func TestValidateAnswerSettings(t *testing.T) {
	const score, number, choice, multi = 1, 2, 0, 1
	runValidate(t, []validateCase{
		{"score 0 max", item(0, score, func(it *models.ItemDef) { it.MaxScore = 0 }),
			[]models.FieldError{fe("sections[0].items[1].max_score", "min", "1")}},
		{"score 100 max", item(0, score, func(it *models.ItemDef) { it.MaxScore = 100 }), nil},
		{"score 101 max", item(0, score, func(it *models.ItemDef) { it.MaxScore = 101 }),
			[]models.FieldError{fe("sections[0].items[1].max_score", "max", "100")}},
		{"max_score on a yes/no item", item(0, 0, func(it *models.ItemDef) { it.MaxScore = 5 }),
			[]models.FieldError{fe("sections[0].items[0].max_score", "not_for_answer", "yesno")}},
		{"number min below max", item(0, number, func(it *models.ItemDef) { it.Min = f64(10.5) }), nil},
		{"number min above max", item(0, number, func(it *models.ItemDef) { it.Min, it.Max = f64(10), f64(9.5) }),
			[]models.FieldError{fe("sections[0].items[2].max", "ge", "sections[0].items[2].min")}},
		{"number min equal to max", item(0, number, func(it *models.ItemDef) { it.Min, it.Max = f64(3), f64(3) }), nil},
		{"number unbounded", item(0, number, func(it *models.ItemDef) { it.Min, it.Max = nil, nil }), nil},
		{"bounds on a text item", item(0, 3, func(it *models.ItemDef) { it.Min, it.Max = f64(0), f64(1) }),
			[]models.FieldError{fe("sections[0].items[3].min", "not_for_answer", "text"), fe("sections[0].items[3].max", "not_for_answer", "text")}},
		{"one choice", item(1, choice, func(it *models.ItemDef) { it.Choices = []string{"Trạm y tế"} }),
			[]models.FieldError{fe("sections[1].items[0].choices", "min_items", "2")}},
		{"no choices", item(1, multi, func(it *models.ItemDef) { it.Choices = nil }),
			[]models.FieldError{fe("sections[1].items[1].choices", "min_items", "2")}},
		{"30 choices", item(1, multi, func(it *models.ItemDef) { it.Choices = choices(30) }), nil},
		{"31 choices", item(1, multi, func(it *models.ItemDef) { it.Choices = choices(31) }),
			[]models.FieldError{fe("sections[1].items[1].choices", "max_items", "30")}},
		{"choice blank", item(1, choice, func(it *models.ItemDef) { it.Choices = []string{"Trạm y tế", " "} }),
			[]models.FieldError{fe("sections[1].items[0].choices[1]", "required", "")}},
		{"choice untrimmed", item(1, choice, func(it *models.ItemDef) { it.Choices = []string{"Trạm y tế ", "CTV"} }),
			[]models.FieldError{fe("sections[1].items[0].choices[0]", "format", "trimmed")}},
		{"choice repeated", item(1, multi, func(it *models.ItemDef) { it.Choices = []string{"Vòng", "Bao cao su", "Vòng"} }),
			[]models.FieldError{fe("sections[1].items[1].choices[2]", "unique", "sections[1].items[1].choices[0]")}},
		{"choice too long", item(1, choice, func(it *models.ItemDef) { it.Choices[1] = strings.Repeat("a", 201) }),
			[]models.FieldError{fe("sections[1].items[0].choices[1]", "maxlen", "200")}},
		{"choices on a score item", item(0, score, func(it *models.ItemDef) { it.Choices = []string{"a", "b"} }),
			[]models.FieldError{fe("sections[0].items[1].choices", "not_for_answer", "score")}},
	})
}

func choices(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "Lựa chọn " + strings.Repeat("I", i+1)
	}
	return out
}

func TestValidateWeightAndFailure(t *testing.T) {
	runValidate(t, []validateCase{
		{"weight 0 is the default", item(0, 0, func(it *models.ItemDef) { it.Weight = 0 }), nil},
		{"weight 100", item(0, 1, func(it *models.ItemDef) { it.Weight = 100 }), nil},
		{"weight a fraction", item(0, 1, func(it *models.ItemDef) { it.Weight = 0.5 }), nil},
		{"weight negative", item(0, 0, func(it *models.ItemDef) { it.Weight = -1 }),
			[]models.FieldError{fe("sections[0].items[0].weight", "min", "0")}},
		{"weight 101", item(0, 1, func(it *models.ItemDef) { it.Weight = 101 }),
			[]models.FieldError{fe("sections[0].items[1].weight", "max", "100")}},
		{"weight on a number item", item(0, 2, func(it *models.ItemDef) { it.Weight = 2 }),
			[]models.FieldError{fe("sections[0].items[2].weight", "not_for_answer", "number")}},
		{"require both", item(0, 0, func(it *models.ItemDef) { it.RequireOnFail = models.RequireBoth }), nil},
		{"require unknown", item(0, 1, func(it *models.ItemDef) { it.RequireOnFail = "photo" }),
			[]models.FieldError{fe("sections[0].items[1].require_on_fail", "oneof", "comment evidence both")}},
		{"require on a choice item", item(1, 0, func(it *models.ItemDef) { it.RequireOnFail = models.RequireComment }),
			[]models.FieldError{fe("sections[1].items[0].require_on_fail", "not_for_answer", "choice")}},
		{"require on an evidence item", item(1, 2, func(it *models.ItemDef) { it.RequireOnFail = models.RequireEvidence }),
			[]models.FieldError{fe("sections[1].items[2].require_on_fail", "not_for_answer", "evidence")}},
		{"required evidence item", item(1, 2, func(it *models.ItemDef) { it.Required = true }), nil},
	})
}

func TestValidKey(t *testing.T) {
	for key, want := range map[string]bool{
		"inspection-dskhhgd": true, "kiem_tra_2025": true, "a": true, strings.Repeat("k", 60): true,
		"": false, "123": false, "Kiem-tra": false, "-kiem": false, "kiểm-tra": false, strings.Repeat("k", 61): false,
	} {
		if ValidKey(key) != want {
			t.Errorf("ValidKey(%q) = %v", key, !want)
		}
	}
}
