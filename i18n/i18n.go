// Package i18n holds dsflow's message catalogues — Vietnamese first,
// English second — and the language rules: picking a language from a
// request and folding Vietnamese text for search.
package i18n

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Languages.
const (
	VI = "vi"
	EN = "en"
)

// Message is one catalogue entry.
type Message struct{ Vi, En string }

// T returns the message for key in lang, formatted with args. An unknown
// key returns the key itself, so a missing entry shows rather than hides.
func T(lang, key string, args ...any) string {
	m, ok := catalogue[key]
	if !ok {
		return key
	}
	text := m.Vi
	if lang == EN && m.En != "" {
		text = m.En
	}
	if len(args) > 0 {
		return fmt.Sprintf(text, args...)
	}
	return text
}

// Has reports whether the catalogue has key.
func Has(key string) bool { _, ok := catalogue[key]; return ok }

// Keys lists every catalogue key (for tests that check both languages).
func Keys() []string {
	keys := make([]string, 0, len(catalogue))
	for k := range catalogue {
		keys = append(keys, k)
	}
	return keys
}

// Lookup returns the raw entry.
func Lookup(key string) (Message, bool) { m, ok := catalogue[key]; return m, ok }

// FromAcceptLanguage picks vi or en from an Accept-Language header;
// Vietnamese unless English is preferred over it.
func FromAcceptLanguage(header string) string {
	best, bestQ := VI, -1.0
	for _, part := range strings.Split(header, ",") {
		tag, q := strings.TrimSpace(part), 1.0
		if i := strings.Index(tag, ";"); i >= 0 {
			fmt.Sscanf(strings.TrimSpace(tag[i+1:]), "q=%g", &q)
			tag = strings.TrimSpace(tag[:i])
		}
		base := strings.ToLower(strings.SplitN(tag, "-", 2)[0])
		if (base == VI || base == EN) && q > bestQ {
			best, bestQ = base, q
		}
	}
	return best
}

// Fold lowercases s and strips Vietnamese diacritics (đ becomes d), so
// "Ngọc Lâm" and "ngoc lam" match.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	out = strings.NewReplacer("đ", "d", "Đ", "d").Replace(out)
	return strings.Join(strings.Fields(strings.ToLower(out)), " ")
}
