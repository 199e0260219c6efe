package checklists

import (
	"testing"

	"dsflow/i18n"
)

// TestRulesHaveMessages: every rule Validate and CheckAnswers report has
// its message in the catalogue, in both languages, so an inspector reads
// what is wrong rather than a rule name.
func TestRulesHaveMessages(t *testing.T) {
	for _, rule := range []string{"required", "format", "unique", "min", "max", "maxlen", "oneof", "ge", "type",
		"not_for_answer", "min_items", "max_items", "checklist_items", "unknown_item", "required_on_fail"} {
		if m, ok := i18n.Lookup("rule." + rule); !ok || m.Vi == "" || m.En == "" {
			t.Errorf("rule.%s: %+v, %v", rule, m, ok)
		}
	}
}
