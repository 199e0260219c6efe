package checklists

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"dsflow/models"
)

func TestBuiltinsValidate(t *testing.T) {
	defs := Builtins()
	if len(defs) != 1 {
		t.Fatalf("%d built-in checklists, want 1", len(defs))
	}
	for key, def := range defs {
		t.Run(key, func(t *testing.T) {
			if !ValidKey(key) {
				t.Errorf("key %q is not a valid checklist key", key)
			}
			if errs := Validate(def); errs != nil {
				t.Fatalf("built-in %s does not validate: %v", key, errs)
			}
			// Vietnamese first, English second: every text has both.
			texts := map[string]models.Text{"title": def.Title, "description": def.Description}
			for i, s := range def.Sections {
				texts[fmt.Sprintf("sections[%d].title", i)] = s.Title
				for j, it := range s.Items {
					texts[fmt.Sprintf("sections[%d].items[%d].text", i, j)] = it.Text
				}
			}
			for path, txt := range texts {
				if txt.Vi == "" || txt.En == "" {
					t.Errorf("%s: want both languages, got %+v", path, txt)
				}
			}
			// The store compares definitions as JSON: a round trip must
			// give the same document back.
			raw, _ := json.Marshal(def)
			var back models.ChecklistDef
			if err := json.Unmarshal(raw, &back); err != nil {
				t.Fatal(err)
			}
			if again, _ := json.Marshal(back); string(again) != string(raw) {
				t.Error("the definition does not survive a JSON round trip unchanged")
			}
		})
	}
}

// TestInspectionFollowsSeed holds the built-in to what seed 004's team
// inspected, in that order, and to a checklist worth filling in: every
// answer type, items that weigh more, failing items that ask for a comment,
// evidence or both, and required items in every section.
func TestInspectionFollowsSeed(t *testing.T) {
	def := Builtins()[KeyInspection]
	var keys []string
	for _, s := range def.Sections {
		keys = append(keys, s.Key)
	}
	want := []string{"planning", "coordination", "communication", "services", "free_contraceptives", "social_marketing",
		"data_warehouse", "violations", "training"}
	if !reflect.DeepEqual(keys, want) {
		t.Fatalf("sections %v, want %v", keys, want)
	}
	types, onFail := map[string]int{}, map[string]int{}
	weighted := 0
	for _, s := range def.Sections {
		required := 0
		for _, it := range s.Items {
			types[it.Answer]++
			onFail[it.RequireOnFail]++
			if it.Weight > 1 {
				weighted++
			}
			if it.Required {
				required++
			}
		}
		if required == 0 {
			t.Errorf("section %s has no required item", s.Key)
		}
	}
	for _, a := range models.AnswerTypes {
		if types[a] == 0 {
			t.Errorf("no %s item", a)
		}
	}
	for _, r := range []string{models.RequireComment, models.RequireEvidence, models.RequireBoth} {
		if onFail[r] == 0 {
			t.Errorf("no item requires %s on failure", r)
		}
	}
	if weighted == 0 {
		t.Error("no item weighs more than the others")
	}
	// The seed's words are in the sections' titles.
	titles := ""
	for _, s := range def.Sections {
		titles += s.Title.Vi + "|"
	}
	for _, w := range []string{"kế hoạch", "chỉ đạo", "Phối hợp liên ngành", "Truyền thông", "CSSKSS/KHHGĐ", "BPTT miễn phí",
		"Tiếp thị xã hội", "kho dữ liệu điện tử", "vi phạm chính sách dân số", "Tập huấn cán bộ, cộng tác viên"} {
		if !strings.Contains(strings.ToLower(titles), strings.ToLower(w)) {
			t.Errorf("no section title says %q: %s", w, titles)
		}
	}
}

func TestBuiltinsAreFresh(t *testing.T) {
	a := Builtins()[KeyInspection]
	a.Sections[0].Items[0].Text.Vi = "đã sửa"
	a.Sections[1].Items[1].Choices[0] = "đã sửa"
	if b := Builtins()[KeyInspection]; reflect.DeepEqual(a, b) {
		t.Fatal("a change to one result shows in the next")
	}
}

// TestInspectionAnswers fills the built-in as a visit would: every
// required item, a failing register without its photo, then with it.
func TestInspectionAnswers(t *testing.T) {
	def := Builtins()[KeyInspection]
	answers := map[string]models.Answer{}
	for _, s := range def.Sections {
		for _, it := range s.Items {
			switch {
			case it.Answer == models.AnswerYesNo && it.Required:
				answers[it.Key] = models.Answer{Value: Yes}
			case it.Answer == models.AnswerScore && it.Required:
				answers[it.Key] = models.Answer{Value: 5.0}
			}
		}
	}
	if errs := CheckAnswers(def, answers, true); errs != nil {
		t.Fatalf("every required item answered: %v", errs)
	}
	if score, max := Score(def, answers); score != max || max == 0 {
		t.Fatalf("all passing: %v / %v", score, max)
	}
	answers["users_register"] = models.Answer{Value: No, Comment: "Sổ ghi thiếu 12 đối tượng"}
	want := []models.FieldError{{Field: "answers.users_register.files", Rule: "required_on_fail"}}
	if errs := CheckAnswers(def, answers, true); !reflect.DeepEqual(errs, want) {
		t.Fatalf("a failing register without its photo: %v", errs)
	}
	answers["users_register"] = models.Answer{Value: No, Files: []string{"att-1"}}
	if errs := CheckAnswers(def, answers, true); errs != nil {
		t.Fatalf("with its photo: %v", errs)
	}
	if score, max := Score(def, answers); score != max-2 {
		t.Fatalf("a failing central item costs its weight of 2: %v / %v", score, max)
	}
}
