package templates

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"dsflow/models"
)

func fe(field, rule, param string) models.FieldError {
	return models.FieldError{Field: field, Rule: rule, Param: param}
}

// sound is a small valid template: a commune report consolidated by the
// district, a root sign-off, and a sum and a ratio indicator. Each case
// breaks one thing of a fresh copy.
func sound() models.TemplateDef {
	figures := func() models.FormSpec {
		return models.FormSpec{Fields: []models.FormField{
			{Name: "screened", Type: models.FieldCount, Label: tx("Số được sàng lọc", "")},
			{Name: "expected", Type: models.FieldCount, Label: tx("Số dự kiến", "")},
			{Name: "note", Type: models.FieldText, Label: tx("Ghi chú", "")},
		}}
	}
	return models.TemplateDef{
		Kind:  models.TemplateCampaign,
		Title: tx("Chiến dịch thử", "Test campaign"),
		Steps: []models.StepDef{
			{Key: "report", Title: tx("Báo cáo", ""), Level: models.StepLevelParticipant, Role: models.RoleOfficer,
				Form: figures(), Due: endDays(5)},
			{Key: "district", Title: tx("Tổng hợp", ""), Level: models.LevelDistrict, Role: models.RoleSecretary,
				Form: figures(), Due: endDays(10), Consolidates: "report"},
			{Key: "sign", Title: tx("Ký duyệt", ""), Level: models.StepLevelRoot, Role: models.RoleSecretary,
				Form: figures(), Due: endDays(15), Consolidates: "report", Freezes: true,
				SignOff: []models.SignOffRule{{At: models.SignOffSelf, Role: models.RoleLeader}}},
		},
		Indicators: []models.IndicatorDef{
			sumOf("screened", "report", "screened", "người", tx("Được sàng lọc", "")),
			sumOf("expected", "report", "expected", "người", tx("Dự kiến", "")),
			ratioOf("coverage", "screened", "expected", "%", tx("Tỷ lệ", "")),
		},
		Late:   models.LateRule{Policy: models.LateAccept},
		Window: &models.WindowDefault{StartDay: 1, StartMonth: 5, EndDay: 30, EndMonth: 6},
	}
}

type validateCase struct {
	name   string
	change func(d *models.TemplateDef)
	want   []models.FieldError
}

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

func TestValidateSound(t *testing.T) {
	if errs := Validate(sound()); errs != nil {
		t.Fatalf("the sound template: %v", errs)
	}
}

func TestValidateTop(t *testing.T) {
	runValidate(t, []validateCase{
		{"kind missing", func(d *models.TemplateDef) { d.Kind = "" }, []models.FieldError{fe("kind", "required", "")}},
		{"kind unknown", func(d *models.TemplateDef) { d.Kind = "meeting" },
			[]models.FieldError{fe("kind", "oneof", strings.Join(models.TemplateKinds, " "))}},
		{"title blank", func(d *models.TemplateDef) { d.Title.Vi = "  " }, []models.FieldError{fe("title.vi", "required", "")}},
		{"title 300 runes", func(d *models.TemplateDef) { d.Title.Vi = strings.Repeat("ố", 300) }, nil},
		{"title 301 runes", func(d *models.TemplateDef) { d.Title.Vi = strings.Repeat("ố", 301) },
			[]models.FieldError{fe("title.vi", "maxlen", "300")}},
		{"english title too long", func(d *models.TemplateDef) { d.Title.En = strings.Repeat("a", 301) },
			[]models.FieldError{fe("title.en", "maxlen", "300")}},
		{"description too long", func(d *models.TemplateDef) { d.Description.Vi = strings.Repeat("a", 10001) },
			[]models.FieldError{fe("description.vi", "maxlen", "10000")}},
		{"default level unknown", func(d *models.TemplateDef) { d.DefaultLevel = "hamlet" },
			[]models.FieldError{fe("default_level", "level", "")}},
		{"escalation out of range", func(d *models.TemplateDef) {
			d.Escalation = &models.Escalation{RemindDaysBefore: []int{0, 61}, EscalateAfterDays: -1, EscalateUpAfterDays: 366}
		}, []models.FieldError{fe("escalation.remind_days_before[0]", "min", "1"), fe("escalation.remind_days_before[1]", "max", "60"),
			fe("escalation.escalate_after_days", "min", "0"), fe("escalation.escalate_up_after_days", "max", "365")}},
	})
}

func TestValidatePeriod(t *testing.T) {
	runValidate(t, []validateCase{
		{"each period", func(d *models.TemplateDef) { d.Period = PeriodHalf }, nil},
		{"period unknown", func(d *models.TemplateDef) { d.Period = "week" },
			[]models.FieldError{fe("period", "oneof", "month quarter half year")}},
		{"briefing without period", func(d *models.TemplateDef) { d.Kind = models.TemplateBriefing },
			[]models.FieldError{fe("period", "required", "")}},
		{"briefing with period", func(d *models.TemplateDef) { d.Kind, d.Period = models.TemplateBriefing, PeriodQuarter }, nil},
	})
}

func TestValidateLate(t *testing.T) {
	runValidate(t, []validateCase{
		{"policy missing", func(d *models.TemplateDef) { d.Late.Policy = "" }, []models.FieldError{fe("late.policy", "required", "")}},
		{"policy unknown", func(d *models.TemplateDef) { d.Late.Policy = "maybe" },
			[]models.FieldError{fe("late.policy", "oneof", "accept refuse")}},
		{"refuse with 90 days' grace", func(d *models.TemplateDef) { d.Late = models.LateRule{Policy: models.LateRefuse, GraceDays: 90} }, nil},
		{"grace negative", func(d *models.TemplateDef) { d.Late.GraceDays = -1 }, []models.FieldError{fe("late.grace_days", "min", "0")}},
		{"grace 91", func(d *models.TemplateDef) { d.Late.GraceDays = 91 }, []models.FieldError{fe("late.grace_days", "max", "90")}},
	})
}

func TestValidateWindow(t *testing.T) {
	w := func(sd, sm, ed, em int) func(d *models.TemplateDef) {
		return func(d *models.TemplateDef) {
			d.Window = &models.WindowDefault{StartDay: sd, StartMonth: sm, EndDay: ed, EndMonth: em}
		}
	}
	runValidate(t, []validateCase{
		{"no window", func(d *models.TemplateDef) { d.Window = nil }, nil},
		{"whole year", w(1, 1, 31, 12), nil},
		{"31 April", w(1, 4, 31, 4), []models.FieldError{fe("window.end_day", "calendar_day", "")}},
		{"29 February", w(29, 2, 31, 3), []models.FieldError{fe("window.start_day", "calendar_day", "")}},
		{"28 February", w(28, 2, 31, 3), nil},
		{"day zero", w(0, 5, 30, 6), []models.FieldError{fe("window.start_day", "calendar_day", "")}},
		{"month 13", w(1, 5, 1, 13), []models.FieldError{fe("window.end_month", "oneof", "1–12")}},
		{"month zero", w(1, 0, 1, 6), []models.FieldError{fe("window.start_month", "oneof", "1–12")}},
		{"end before start", w(30, 6, 1, 5), []models.FieldError{fe("window.end_month", "after_start", "")}},
		{"end on start", w(1, 5, 1, 5), []models.FieldError{fe("window.end_month", "after_start", "")}},
		{"end a day later", w(1, 5, 2, 5), nil},
	})
}

func TestValidateSteps(t *testing.T) {
	step := func(i int, f func(s *models.StepDef)) func(d *models.TemplateDef) {
		return func(d *models.TemplateDef) { f(&d.Steps[i]) }
	}
	roles := "officer secretary leader inspector"
	runValidate(t, []validateCase{
		{"no steps", func(d *models.TemplateDef) { d.Steps, d.Indicators = nil, nil }, []models.FieldError{fe("steps", "required", "")}},
		{"key missing", step(0, func(s *models.StepDef) { s.Key = "" }),
			// The indicators and consolidations naming the lost key fail too.
			[]models.FieldError{fe("steps[0].key", "required", ""), fe("steps[1].consolidates", "step", "report"),
				fe("steps[2].consolidates", "step", "report"), fe("indicators[0].step", "step", "report"), fe("indicators[1].step", "step", "report")}},
		{"key upper-case", step(2, func(s *models.StepDef) { s.Key = "Sign" }),
			[]models.FieldError{fe("steps[2].key", "format", models.PartKeyFormat())}},
		{"key 40 characters", step(2, func(s *models.StepDef) { s.Key = strings.Repeat("k", 40) }), nil},
		{"key 41 characters", step(2, func(s *models.StepDef) { s.Key = strings.Repeat("k", 41) }),
			[]models.FieldError{fe("steps[2].key", "format", models.PartKeyFormat())}},
		{"key with a dash", step(2, func(s *models.StepDef) { s.Key = "sign-off" }),
			[]models.FieldError{fe("steps[2].key", "format", models.PartKeyFormat())}},
		{"key repeated", step(2, func(s *models.StepDef) { s.Key = "report" }),
			// Its consolidation names the first step of the key, not itself.
			[]models.FieldError{fe("steps[2].key", "unique", "steps[0].key")}},
		{"title missing", step(1, func(s *models.StepDef) { s.Title = models.Text{En: "Summary"} }),
			[]models.FieldError{fe("steps[1].title.vi", "required", "")}},
		{"instructions too long", step(1, func(s *models.StepDef) { s.Instructions.En = strings.Repeat("a", 10001) }),
			[]models.FieldError{fe("steps[1].instructions.en", "maxlen", "10000")}},
		{"level missing", step(0, func(s *models.StepDef) { s.Level = "" }), []models.FieldError{fe("steps[0].level", "required", "")}},
		{"level unknown", step(0, func(s *models.StepDef) { s.Level = "ward" }),
			[]models.FieldError{fe("steps[0].level", "oneof", "participant root national province district commune village")}},
		{"level of the tree", step(1, func(s *models.StepDef) { s.Level = models.LevelProvince }), nil},
		{"role missing", step(0, func(s *models.StepDef) { s.Role = "" }), []models.FieldError{fe("steps[0].role", "required", "")}},
		{"role admin", step(0, func(s *models.StepDef) { s.Role = models.RoleAdmin }), []models.FieldError{fe("steps[0].role", "oneof", roles)}},
		{"role inspector", step(0, func(s *models.StepDef) { s.Role = models.RoleInspector }), nil},
		{"priority unknown", step(0, func(s *models.StepDef) { s.Priority = "asap" }),
			[]models.FieldError{fe("steps[0].priority", "oneof", "low normal high urgent")}},
		{"step escalation", step(0, func(s *models.StepDef) { s.Escalation = &models.Escalation{RemindDaysBefore: []int{1, 2, 3, 4, 5, 6}} }),
			[]models.FieldError{fe("steps[0].escalation.remind_days_before", "max", "5")}},
	})
}

func TestValidateDueAndRepeat(t *testing.T) {
	step := func(i int, f func(s *models.StepDef)) func(d *models.TemplateDef) {
		return func(d *models.TemplateDef) { f(&d.Steps[i]) }
	}
	runValidate(t, []validateCase{
		{"anchor missing", step(2, func(s *models.StepDef) { s.Due.Anchor = "" }), []models.FieldError{fe("steps[2].due.anchor", "required", "")}},
		{"anchor unknown", step(2, func(s *models.StepDef) { s.Due.Anchor = "middle" }),
			[]models.FieldError{fe("steps[2].due.anchor", "oneof", "start end")}},
		{"366 days before", step(2, func(s *models.StepDef) {
			s.Due = models.DueRule{Anchor: models.AnchorStart, Days: -366, WorkingDays: true}
		}), nil},
		{"367 days after", step(2, func(s *models.StepDef) { s.Due.Days = 367 }), []models.FieldError{fe("steps[2].due.days", "max", "366")}},
		{"367 days before", step(2, func(s *models.StepDef) { s.Due.Days = -367 }), []models.FieldError{fe("steps[2].due.days", "min", "-366")}},
		{"repeat fortnightly", step(0, func(s *models.StepDef) { s.Repeat = &models.RepeatRule{EveryDays: 14} }), nil},
		{"repeat zero", step(0, func(s *models.StepDef) { s.Repeat = &models.RepeatRule{} }),
			[]models.FieldError{fe("steps[0].repeat.every_days", "min", "1")}},
		{"repeat 367", step(0, func(s *models.StepDef) { s.Repeat = &models.RepeatRule{EveryDays: 367} }),
			[]models.FieldError{fe("steps[0].repeat.every_days", "max", "366")}},
	})
}

func TestValidateSignOff(t *testing.T) {
	signOff := func(rules ...models.SignOffRule) func(d *models.TemplateDef) {
		return func(d *models.TemplateDef) { d.Steps[0].SignOff = rules }
	}
	ok := models.SignOffRule{At: models.SignOffParent, Role: models.RoleSecretary}
	runValidate(t, []validateCase{
		{"five levels", signOff(ok, ok, ok, ok, ok), nil},
		{"six levels", signOff(ok, ok, ok, ok, ok, ok), []models.FieldError{fe("steps[0].sign_off", "max", "5")}},
		{"place missing", signOff(models.SignOffRule{Role: models.RoleLeader}), []models.FieldError{fe("steps[0].sign_off[0].at", "required", "")}},
		{"place unknown", signOff(ok, models.SignOffRule{At: "grandparent", Role: models.RoleLeader}),
			[]models.FieldError{fe("steps[0].sign_off[1].at", "oneof", "self parent root")}},
		{"role missing", signOff(models.SignOffRule{At: models.SignOffRoot}), []models.FieldError{fe("steps[0].sign_off[0].role", "required", "")}},
		{"officer cannot decide", signOff(models.SignOffRule{At: models.SignOffRoot, Role: models.RoleOfficer}),
			[]models.FieldError{fe("steps[0].sign_off[0].role", "oneof", "leader secretary inspector")}},
	})
}

func TestValidateConsolidatesAndFreezes(t *testing.T) {
	step := func(i int, f func(s *models.StepDef)) func(d *models.TemplateDef) {
		return func(d *models.TemplateDef) { f(&d.Steps[i]) }
	}
	runValidate(t, []validateCase{
		{"unknown step", step(1, func(s *models.StepDef) { s.Consolidates = "reports" }),
			[]models.FieldError{fe("steps[1].consolidates", "step", "reports")}},
		{"itself", step(1, func(s *models.StepDef) { s.Consolidates = "district" }), []models.FieldError{fe("steps[1].consolidates", "self", "")}},
		{"a coarser level", step(1, func(s *models.StepDef) { s.Consolidates = "sign" }),
			[]models.FieldError{fe("steps[1].consolidates", "finer", "district")}},
		{"the same level", step(1, func(s *models.StepDef) { s.Level = models.StepLevelParticipant }),
			[]models.FieldError{fe("steps[1].consolidates", "finer", "participant")}},
		{"the root consolidates the district", step(2, func(s *models.StepDef) { s.Consolidates = "district" }), nil},
		{"a province consolidates a district", func(d *models.TemplateDef) {
			d.Steps[2].Level, d.Steps[2].Consolidates = models.LevelProvince, "district"
		}, nil},
		{"a commune consolidating a district", func(d *models.TemplateDef) {
			d.Steps[2].Level, d.Steps[2].Consolidates = models.LevelCommune, "district"
		},
			[]models.FieldError{fe("steps[2].consolidates", "finer", "commune")}},
		{"two steps freeze", step(0, func(s *models.StepDef) { s.Freezes = true }),
			[]models.FieldError{fe("steps[2].freezes", "single", "steps[0].freezes")}},
	})
}

func TestValidateStepForm(t *testing.T) {
	step := func(i int, f func(s *models.StepDef)) func(d *models.TemplateDef) {
		return func(d *models.TemplateDef) { f(&d.Steps[i]) }
	}
	runValidate(t, []validateCase{
		{"field type unknown", step(1, func(s *models.StepDef) { s.Form.Fields[2].Type = "photo" }),
			[]models.FieldError{fe("steps[1].form.fields[2].type", "oneof", "number percent count text date choice yesno file")}},
		{"field name repeated", step(1, func(s *models.StepDef) { s.Form.Fields[1].Name = "screened" }),
			[]models.FieldError{fe("steps[1].form.fields[1].name", "unique", "fields[0].name")}},
		{"rule on a text", step(1, func(s *models.StepDef) {
			s.Form.Rules = []models.FormRule{{Left: "note", Op: models.RuleLE, Right: "expected"}}
		}),
			[]models.FieldError{fe("steps[1].form.rules[0].left", "type", "numeric")}},
		{"form over 64 KiB", step(1, func(s *models.StepDef) {
			for i := range 200 {
				s.Form.Fields = append(s.Form.Fields, models.FormField{Name: "f" + strings.Repeat("x", 50) + string(rune('a'+i%26)) + strings.Repeat("y", i/26),
					Type: models.FieldText, Label: tx(strings.Repeat("nhãn ", 60), "")})
			}
		}), []models.FieldError{fe("steps[1].form", "max", "65536")}},
	})
}

func TestValidateIndicators(t *testing.T) {
	ind := func(i int, f func(x *models.IndicatorDef)) func(d *models.TemplateDef) {
		return func(d *models.TemplateDef) { f(&d.Indicators[i]) }
	}
	runValidate(t, []validateCase{
		{"key missing", ind(2, func(x *models.IndicatorDef) { x.Key = "" }), []models.FieldError{fe("indicators[2].key", "required", "")}},
		{"key format", ind(2, func(x *models.IndicatorDef) { x.Key = "Coverage%" }),
			[]models.FieldError{fe("indicators[2].key", "format", models.PartKeyFormat())}},
		{"key repeated", ind(1, func(x *models.IndicatorDef) { x.Key = "screened" }),
			// The ratio's denominator is lost with it.
			[]models.FieldError{fe("indicators[1].key", "unique", "indicators[0].key"), fe("indicators[2].denominator", "indicator", "expected")}},
		{"title missing", ind(0, func(x *models.IndicatorDef) { x.Title = models.Text{} }),
			[]models.FieldError{fe("indicators[0].title.vi", "required", "")}},
		{"unit too long", ind(0, func(x *models.IndicatorDef) { x.Unit = strings.Repeat("n", 41) }),
			[]models.FieldError{fe("indicators[0].unit", "maxlen", "40")}},
		// A ratio over an indicator that is no longer a sum fails too.
		{"rollup missing", ind(0, func(x *models.IndicatorDef) { x.Rollup = "" }),
			[]models.FieldError{fe("indicators[0].rollup", "required", ""), fe("indicators[2].numerator", "indicator", "screened")}},
		{"rollup unknown", ind(0, func(x *models.IndicatorDef) { x.Rollup = "mean" }),
			[]models.FieldError{fe("indicators[0].rollup", "oneof", "sum ratio"), fe("indicators[2].numerator", "indicator", "screened")}},
		{"sum without step and field", ind(0, func(x *models.IndicatorDef) { x.Step, x.Field = "", "" }),
			[]models.FieldError{fe("indicators[0].step", "required", ""), fe("indicators[0].field", "required", "")}},
		{"sum of an unknown step", ind(0, func(x *models.IndicatorDef) { x.Step = "reports" }),
			[]models.FieldError{fe("indicators[0].step", "step", "reports")}},
		{"sum of an unknown field", ind(0, func(x *models.IndicatorDef) { x.Field = "tested" }),
			[]models.FieldError{fe("indicators[0].field", "unknown", "tested")}},
		{"sum of a text", ind(0, func(x *models.IndicatorDef) { x.Field = "note" }),
			[]models.FieldError{fe("indicators[0].field", "type", "numeric")}},
		{"sum of a percent", func(d *models.TemplateDef) {
			d.Steps[0].Form.Fields[1].Type = models.FieldPercent
		}, nil},
		{"sum with a numerator", ind(0, func(x *models.IndicatorDef) { x.Numerator = "expected" }),
			[]models.FieldError{fe("indicators[0].numerator", "excluded_with", "rollup=sum")}},
		{"ratio with a step and field", ind(2, func(x *models.IndicatorDef) { x.Step, x.Field = "report", "screened" }),
			[]models.FieldError{fe("indicators[2].step", "excluded_with", "rollup=ratio"), fe("indicators[2].field", "excluded_with", "rollup=ratio")}},
		{"ratio without parts", ind(2, func(x *models.IndicatorDef) { x.Numerator, x.Denominator = "", "" }),
			[]models.FieldError{fe("indicators[2].numerator", "required", ""), fe("indicators[2].denominator", "required", "")}},
		{"ratio of an unknown indicator", ind(2, func(x *models.IndicatorDef) { x.Denominator = "pregnant" }),
			[]models.FieldError{fe("indicators[2].denominator", "indicator", "pregnant")}},
		{"ratio of a ratio", func(d *models.TemplateDef) {
			d.Indicators = append(d.Indicators, ratioOf("double", "coverage", "expected", "%", tx("Lạ", "")))
		}, []models.FieldError{fe("indicators[3].numerator", "indicator", "coverage")}},
		{"target", ind(2, func(x *models.IndicatorDef) { v := 78.0; x.Target = &v }), nil},
		{"negative target", ind(2, func(x *models.IndicatorDef) { v := -1.0; x.Target = &v }),
			[]models.FieldError{fe("indicators[2].target", "min", "0")}},
		{"infinite target", ind(2, func(x *models.IndicatorDef) { v := math.Inf(1); x.Target = &v }),
			[]models.FieldError{fe("indicators[2].target", "min", "0")}},
	})
}

// TestValidateReportsAll checks that one template with many faults gets
// every one of them back, in document order.
func TestValidateReportsAll(t *testing.T) {
	d := sound()
	d.Title.Vi = ""
	d.Steps[2].Due.Days = 400
	d.Steps[0].Form.Fields[1].Type = "photo"
	d.Indicators[1].Numerator = "x"
	d.Late.Policy = ""
	want := []models.FieldError{
		fe("title.vi", "required", ""),
		fe("steps[0].form.fields[1].type", "oneof", "number percent count text date choice yesno file"),
		fe("steps[2].due.days", "max", "366"),
		fe("indicators[1].field", "type", "numeric"),
		fe("indicators[1].numerator", "excluded_with", "rollup=sum"),
		fe("late.policy", "required", ""),
	}
	if got := Validate(d); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestValidKey(t *testing.T) {
	for key, want := range map[string]bool{
		"campaign-srh-fp": true, "a": true, "q_2025": true, strings.Repeat("k", 60): true,
		"": false, "12": false, "Campaign": false, "-x": false, "giao ban": false, strings.Repeat("k", 61): false,
	} {
		if ValidKey(key) != want {
			t.Errorf("ValidKey(%q) = %v", key, !want)
		}
	}
}
