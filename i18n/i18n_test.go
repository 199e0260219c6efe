package i18n

import (
	"strings"
	"testing"
)

func TestCatalogueHasBothLanguages(t *testing.T) {
	for _, k := range Keys() {
		m, _ := Lookup(k)
		if strings.TrimSpace(m.Vi) == "" || strings.TrimSpace(m.En) == "" {
			t.Errorf("%s: both Vietnamese and English are needed (%q / %q)", k, m.Vi, m.En)
		}
		if strings.Count(m.Vi, "%") != strings.Count(m.En, "%") {
			t.Errorf("%s: the two languages take different arguments", k)
		}
	}
}

func TestT(t *testing.T) {
	if got := T(VI, "notify.task.overdue", "Báo cáo quý I"); got != "Quá hạn: Báo cáo quý I" {
		t.Errorf("vi: %q", got)
	}
	if got := T(EN, "notify.task.overdue", "Q1 report"); got != "Overdue: Q1 report" {
		t.Errorf("en: %q", got)
	}
	if got := T(EN, "no.such.key"); got != "no.such.key" {
		t.Errorf("a missing key shows itself, got %q", got)
	}
}

func TestFromAcceptLanguage(t *testing.T) {
	cases := map[string]string{
		"":                        VI,
		"en":                      EN,
		"en-US,en;q=0.9":          EN,
		"vi-VN,vi;q=0.9,en;q=0.8": VI,
		"fr-FR,en;q=0.5,vi;q=0.4": EN,
		"fr":                      VI,
		"en;q=0.3, vi;q=0.7":      VI,
	}
	for h, want := range cases {
		if got := FromAcceptLanguage(h); got != want {
			t.Errorf("%q: got %s, want %s", h, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Phường Ngọc Lâm":  "phuong ngoc lam",
		"  Đầm   Hà ":      "dam ha",
		"Tổ dân phố 29":    "to dan pho 29",
		"THANH HÓA":        "thanh hoa",
		"Cống Vị":          "cong vi",
		"Sàng lọc sơ sinh": "sang loc so sinh",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
