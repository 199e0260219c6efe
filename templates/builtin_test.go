package templates

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"dsflow/internal/deftest"
	"dsflow/models"
)

func TestBuiltinsValidate(t *testing.T) {
	defs := Builtins()
	if len(defs) != 6 {
		t.Fatalf("%d built-in templates, want 6", len(defs))
	}
	for key, def := range defs {
		t.Run(key, func(t *testing.T) {
			if !ValidKey(key) {
				t.Errorf("key %q is not a valid template key", key)
			}
			if errs := Validate(def); errs != nil {
				t.Fatalf("built-in %s does not validate: %v", key, errs)
			}
			// Vietnamese first, English second: every title has both.
			texts := map[string]models.Text{"title": def.Title, "description": def.Description}
			for i, s := range def.Steps {
				texts["steps["+strconv.Itoa(i)+"].title"] = s.Title
				texts["steps["+strconv.Itoa(i)+"].instructions"] = s.Instructions
				for j, f := range s.Form.Fields {
					texts["steps["+strconv.Itoa(i)+"].form.fields["+strconv.Itoa(j)+"].label"] = f.Label
				}
			}
			for i, ind := range def.Indicators {
				texts["indicators["+strconv.Itoa(i)+"].title"] = ind.Title
			}
			for path, txt := range texts {
				if txt.Vi == "" || txt.En == "" {
					t.Errorf("%s: want both languages, got %+v", path, txt)
				}
			}
			// The store compares definitions as JSON: a round trip must
			// give the same document back.
			raw, _ := json.Marshal(def)
			var back models.TemplateDef
			if err := json.Unmarshal(raw, &back); err != nil {
				t.Fatal(err)
			}
			if again, _ := json.Marshal(back); string(again) != string(raw) {
				t.Error("the definition does not survive a JSON round trip unchanged")
			}
		})
	}
}

func TestBuiltinsAreFresh(t *testing.T) {
	a := Builtins()[KeyCampaignSRHFP]
	a.Steps[0].Title.Vi = "đã sửa"
	a.Steps[0].Form.Fields[0].Label.Vi = "đã sửa"
	if b := Builtins()[KeyCampaignSRHFP]; reflect.DeepEqual(a, b) {
		t.Fatal("a change to one result shows in the next")
	}
}

// step returns def's step by key.
func step(t *testing.T, def models.TemplateDef, key string) models.StepDef {
	t.Helper()
	for _, s := range def.Steps {
		if s.Key == key {
			return s
		}
	}
	t.Fatalf("no step %q", key)
	return models.StepDef{}
}

func hasFieldOfType(s models.StepDef, typ string) bool {
	return slices.ContainsFunc(s.Form.Fields, func(f models.FormField) bool { return f.Type == typ && f.Required })
}

// TestCampaignFollowsSeed checks the campaign against seed 002 and the issue:
// window 1/5–30/6, the plan before the start, the launch with photos,
// fortnightly progress, the final report in working days after the end,
// the consolidations, and the root leader's sign-off that freezes.
func TestCampaignFollowsSeed(t *testing.T) {
	def := Builtins()[KeyCampaignSRHFP]
	if w := def.Window; w == nil || *w != (models.WindowDefault{StartDay: 1, StartMonth: 5, EndDay: 30, EndMonth: 6}) {
		t.Errorf("window %+v", def.Window)
	}
	if def.Late.Policy != models.LateAccept {
		t.Errorf("late policy %q", def.Late.Policy)
	}
	if p := step(t, def, "plan"); p.Due.Anchor != models.AnchorStart || p.Due.Days >= 0 || !p.Due.WorkingDays {
		t.Errorf("plan due %+v, want working days before the start", p.Due)
	}
	if l := step(t, def, "launch"); l.Due.Anchor != models.AnchorStart || l.Due.Days <= 0 || !hasFieldOfType(l, models.FieldFile) {
		t.Errorf("launch: due %+v, a required photo: %v", l.Due, hasFieldOfType(l, models.FieldFile))
	}
	if p := step(t, def, "progress"); p.Repeat == nil || p.Repeat.EveryDays != 14 {
		t.Errorf("progress repeat %+v", p.Repeat)
	}
	if f := step(t, def, "final_report"); f.Due.Anchor != models.AnchorEnd || f.Due.Days <= 0 || !f.Due.WorkingDays {
		t.Errorf("final report due %+v", f.Due)
	}
	for _, key := range []string{"district_summary", "summary"} {
		if s := step(t, def, key); s.Consolidates != "final_report" {
			t.Errorf("%s consolidates %q", key, s.Consolidates)
		}
	}
	s := step(t, def, "summary")
	if s.Level != models.StepLevelRoot || !s.Freezes || len(s.SignOff) != 1 || s.SignOff[0].Role != models.RoleLeader {
		t.Errorf("summary: level %s freezes %v sign-off %+v", s.Level, s.Freezes, s.SignOff)
	}
	methods := map[string]bool{}
	for _, ind := range def.Indicators {
		if ind.Rollup != models.RollupSum || ind.Step != "final_report" {
			t.Errorf("indicator %s: %s of %s", ind.Key, ind.Rollup, ind.Step)
		}
		methods[ind.Field] = true
	}
	for _, m := range []string{"new_iud", "new_implant", "new_injection", "new_pill", "new_condom", "srh_checkups"} {
		if !methods[m] {
			t.Errorf("no indicator on %s", m)
		}
	}
}

// TestAnnualPlanFollowsSeed checks seed 001: nine key tasks of the
// participants and the screening targets 78% and 86% as ratios.
func TestAnnualPlanFollowsSeed(t *testing.T) {
	def := Builtins()[KeyAnnualPlan]
	if len(def.Steps) != 9 {
		t.Fatalf("%d steps, want the nine key tasks", len(def.Steps))
	}
	for i, s := range def.Steps {
		if s.Level != models.StepLevelParticipant || !strings.HasPrefix(s.Title.Vi, "Nhiệm vụ "+strconv.Itoa(i+1)+":") {
			t.Errorf("step %d: level %s title %q", i, s.Level, s.Title.Vi)
		}
	}
	want := map[string][3]string{"prenatal_coverage": {"prenatal_screened", "pregnant", "78"}, "newborn_coverage": {"newborns_screened", "newborns", "86"}}
	for _, ind := range def.Indicators {
		w, ok := want[ind.Key]
		if !ok {
			continue
		}
		delete(want, ind.Key)
		if ind.Rollup != models.RollupRatio || ind.Numerator != w[0] || ind.Denominator != w[1] || ind.Target == nil ||
			strconv.FormatFloat(*ind.Target, 'f', -1, 64) != w[2] {
			t.Errorf("%s: %+v", ind.Key, ind)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing indicators %v", want)
	}
}

func TestRecurringPeriods(t *testing.T) {
	defs := Builtins()
	for key, want := range map[string]string{
		KeyBriefingQuarterly: PeriodQuarter, KeyReviewMidYear: PeriodHalf, KeyReviewAnnual: PeriodYear,
		KeyDataWarehouse: PeriodMonth, KeyAnnualPlan: PeriodYear,
	} {
		if got := defs[key].Period; got != want {
			t.Errorf("%s: period %q, want %q", key, got, want)
		}
	}
	// Reviews go up the tree: commune, district, province, root sign-off.
	for _, key := range []string{KeyReviewMidYear, KeyReviewAnnual} {
		var levels []string
		for _, s := range defs[key].Steps {
			levels = append(levels, s.Level)
		}
		if want := []string{models.StepLevelParticipant, models.LevelDistrict, models.LevelProvince, models.StepLevelRoot}; !slices.Equal(levels, want) {
			t.Errorf("%s levels %v", key, levels)
		}
	}
	b := defs[KeyBriefingQuarterly]
	if last := b.Steps[len(b.Steps)-1]; last.Key != "conclusions" || !last.Freezes || last.Level != models.StepLevelRoot {
		t.Errorf("briefing ends with %+v", last)
	}
}

// TestPure keeps the package importable by workflows: models and forms,
// and the standard library's pure packages, only.
func TestPure(t *testing.T) {
	deftest.ImportsOnly(t, "dsflow/models", "dsflow/forms", "encoding/json", "fmt", "math", "regexp", "slices", "strconv", "strings", "time", "unicode/utf8")
}
