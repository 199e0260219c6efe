package web

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// stubUnits is an API of one district (ID 1) over communes 2..n+1 named
// "Xã <id>": it filters by level and q, honours limit, answers a unit by
// ID, refuses a q past 100 characters, and counts the communes it lists.
type stubUnits struct {
	t    *testing.T
	n    int
	sent int
}

func (s *stubUnits) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	district := map[string]any{"id": 1, "name": "Huyện Thử", "level": "district"}
	commune := func(id int) map[string]any {
		return map[string]any{"id": id, "name": "Xã " + strconv.Itoa(id), "level": "commune", "parent_id": 1}
	}
	if id, ok := strings.CutPrefix(r.URL.Path, "/api/v1/units/"); ok {
		n, _ := strconv.Atoi(id)
		if n < 2 || n > s.n+1 {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"status":404}`))
			return
		}
		_ = json.NewEncoder(w).Encode(commune(n))
		return
	}
	q := r.URL.Query()
	if len(q.Get("q")) > 100 {
		w.WriteHeader(http.StatusUnprocessableEntity)
		_, _ = w.Write([]byte(`{"status":422}`))
		return
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	items := []map[string]any{}
	switch q.Get("level") {
	case "district":
		items = append(items, district)
	case "commune":
		for id := 2; id <= s.n+1 && len(items) < limit; id++ {
			if strings.Contains("Xã "+strconv.Itoa(id), q.Get("q")) {
				items = append(items, commune(id))
			}
		}
		s.sent += len(items)
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"items": items})
}

// TestUnitPickerChoices: a subtree of smallSubtreeUnits is listed whole,
// one more is searched without fetching its communes; a single pick takes
// the first match only from the search button, a multiple pick keeps what
// was chosen and adds nothing; a search too long says so.
func TestUnitPickerChoices(t *testing.T) {
	pick := func(t *testing.T, n int, form url.Values, field string, kind pickKind, chosen ...string) (*unitPicker, *stubUnits) {
		t.Helper()
		api := &stubUnits{t: t, n: n}
		h := &Handler{api: api, log: slog.Default(), now: time.Now}
		r := httptest.NewRequest(http.MethodPost, "/campaigns/new", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		pk, p := h.unitPicker(r, field, kind, chosen...)
		if p != nil {
			t.Fatal(p)
		}
		return pk, api
	}
	selected := func(pk *unitPicker) []string {
		var ids []string
		for _, o := range pk.Listed() {
			if pk.Selected(o.ID) {
				ids = append(ids, uintString(o.ID))
			}
		}
		return ids
	}

	t.Run("a small subtree is listed whole", func(t *testing.T) {
		pk, _ := pick(t, smallSubtreeUnits-1, url.Values{"unit_q": {"Xã 1"}}, "root_unit", pickOne, "7")
		if !pk.Full || len(pk.Options) != smallSubtreeUnits || pk.Searched || len(pk.Found) != 0 {
			t.Errorf("full %v with %d options, searched %v: want every one of %d, no search", pk.Full, len(pk.Options), pk.Searched, smallSubtreeUnits)
		}
		if got := selected(pk); len(got) != 1 || got[0] != "7" {
			t.Errorf("selected %v, want 7", got)
		}
	})
	t.Run("a large subtree is searched, its communes not fetched", func(t *testing.T) {
		pk, api := pick(t, 5000, url.Values{}, "root_unit", pickOne, "1")
		if pk.Full || len(pk.Options) != 1 || api.sent > smallSubtreeUnits+1 {
			t.Errorf("full %v with %d options after %d communes fetched; want the district alone, at most %d fetched", pk.Full, len(pk.Options), api.sent, smallSubtreeUnits+1)
		}
		if pk.Note == "" || pk.Searched {
			t.Error("no word on how to search")
		}
	})
	t.Run("the search button picks the first match of one", func(t *testing.T) {
		form := url.Values{"unit_q": {"Xã 30"}, fieldUnitSearch: {"1"}}
		pk, _ := pick(t, 5000, form, "root_unit", pickOne, "20")
		if got := selected(pk); len(got) != 1 || got[0] != "30" {
			t.Errorf("selected %v, want the first match 30", got)
		}
		if len(pk.Chosen) != 1 || pk.Chosen[0].ID != 20 || pk.Chosen[0].Label != "Xã 20 (Huyện Thử)" {
			t.Errorf("the unit chosen before is %+v, want Xã 20 still offered, named with its district", pk.Chosen)
		}
		if len(pk.Found) != unitMatches || !pk.More {
			t.Errorf("%d found, more %v: want %d and more", len(pk.Found), pk.More, unitMatches)
		}
	})
	t.Run("a form sent otherwise keeps its unit", func(t *testing.T) {
		pk, _ := pick(t, 5000, url.Values{"unit_q": {"Xã 30"}}, "root_unit", pickOne, "20")
		if got := selected(pk); len(got) != 1 || got[0] != "20" {
			t.Errorf("selected %v, want the unit sent, 20", got)
		}
	})
	t.Run("several picks keep theirs and add none", func(t *testing.T) {
		form := url.Values{"unit_q": {"Xã 1000"}, fieldUnitSearch: {"1"}}
		pk, _ := pick(t, 5000, form, "units", pickSeveral, "1000", "20", "99999")
		if got := selected(pk); strings.Join(got, ",") != "1000,20" {
			t.Errorf("selected %v, want 1000 and 20 (99999 is not the user's)", got)
		}
		if len(pk.Chosen) != 2 || len(pk.Found) != 0 || !pk.Searched {
			t.Errorf("chosen %+v, found %+v: the match already chosen is offered once", pk.Chosen, pk.Found)
		}
	})
	t.Run("a search too long says so", func(t *testing.T) {
		form := url.Values{"unit_q": {strings.Repeat("x", 101)}, fieldUnitSearch: {"1"}}
		pk, _ := pick(t, 5000, form, "units", pickBoxes)
		if pk.SearchError == "" || pk.Searched {
			t.Error("no word on a search the API refuses")
		}
	})
}
