package checklists

import (
	"testing"

	"dsflow/models"
)

func TestScore(t *testing.T) {
	cases := []struct {
		name       string
		answers    map[string]models.Answer
		score, max float64
	}{
		// has_plan weighs 2; quality 4 of 5 weighs 1; the rest score nothing.
		{"complete", complete(), 2 + 0.8, 3},
		{"nothing", nil, 0, 0},
		{"no", with("has_plan", val("no")), 0.8, 3},
		{"not applicable counts in neither", with("has_plan", val("na")), 0.8, 1},
		{"unanswered counts in neither", map[string]models.Answer{"quality": val(5.0)}, 1, 1},
		{"blank counts in neither", map[string]models.Answer{"has_plan": val(""), "quality": val(nil)}, 0, 0},
		{"a refused value counts in neither", map[string]models.Answer{"has_plan": val("có"), "quality": val(7.0)}, 0, 0},
		{"score 0", with("quality", val(0.0)), 2, 3},
		{"untrimmed yes", map[string]models.Answer{"has_plan": val(" yes ")}, 2, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			score, max := Score(sound(), c.answers)
			if !near(score, c.score) || !near(max, c.max) {
				t.Errorf("got %v / %v, want %v / %v", score, max, c.score, c.max)
			}
		})
	}
	t.Run("weights", func(t *testing.T) {
		def := sound()
		def.Sections[0].Items[0].Weight = 0   // the default, 1
		def.Sections[0].Items[1].Weight = 2.5 // 3 of 5 × 2.5 = 1.5
		score, max := Score(def, map[string]models.Answer{"has_plan": val("yes"), "quality": val(3)})
		if !near(score, 2.5) || !near(max, 3.5) {
			t.Errorf("got %v / %v", score, max)
		}
	})
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
