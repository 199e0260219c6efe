package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"dsflow/models"
)

// A form's unit field (the launching unit, a user's unit, the units a
// conclusion or an inspection goes to). A small subtree is offered whole,
// as a select; a large one offers the levels above the communes, the
// units already chosen, and a search of the communes by name or code.
const (
	// smallSubtreeUnits is the most units above the villages a subtree may
	// hold and still be listed whole. A district has tens of communes and a
	// province (since 2025) about a hundred, Hà Nội 126 and Thanh Hóa 166:
	// at ~55 bytes an option, 200 are ~11 KB of a page and a list one can
	// still scroll, so their officers see every unit at once. A national
	// user's 3,355 are ~180 KB, the whole 200 KB budget of a first load.
	smallSubtreeUnits = 200
	// unitMatches is how many communes a search shows; more matches ask
	// for more of the name.
	unitMatches = 50
	// fieldUnitQuery is the picker's search box, fieldUnitSearch its
	// button: a submit of the same form that shows the form again with the
	// communes found, its other inputs as typed, and creates nothing.
	fieldUnitQuery  = "unit_q"
	fieldUnitSearch = "unit_search"
)

// unitPicker is what a form's unit field offers.
type unitPicker struct {
	// Field is the form's input (root_unit, unit_id, units).
	Field string
	// Multiple picks several units: a select with multiple, or check
	// boxes when Boxes.
	Multiple, Boxes bool
	// Full: the subtree is small and Options hold every unit above its
	// villages; there is no search.
	Full bool
	// Options are every unit (Full) or the levels above the communes, as a
	// tree.
	Options []unitOption
	// Chosen are the units chosen that Options do not hold (a commune a
	// form was posted with), named by their ID.
	Chosen []unitOption
	// Found are the communes matching Query, at most unitMatches; More
	// says more matched.
	Found    []unitOption
	Query    string
	Searched bool
	More     bool
	// Asked says the form came back from the search button.
	Asked bool
	// Note says what the search found (or how to search), SearchError
	// why it could not.
	Note, SearchError string
	// NoneNote is what check boxes say when there is nothing to pick.
	NoneNote string

	selected map[string]bool
	// parents name the units above the communes, by ID.
	parents map[uint]string
}

// Selected says whether the unit id is chosen in the form.
func (p *unitPicker) Selected(id uint) bool { return p.selected[uintString(id)] }

// DescribedBy are the IDs of what describes the picker's select: its
// hint, the search's note, the message beside it.
func (p *unitPicker) DescribedBy(hint, err string) string {
	var ids []string
	if hint != "" {
		ids = append(ids, p.Field+"-hint")
	}
	if !p.Full {
		ids = append(ids, p.Field+"-note")
	}
	if err != "" {
		ids = append(ids, p.Field+"-err")
	}
	return strings.Join(ids, " ")
}

// Empty says there is nothing to pick.
func (p *unitPicker) Empty() bool { return len(p.Options)+len(p.Chosen)+len(p.Found) == 0 }

// pickKind is how a picker shows its choices.
type pickKind int

const (
	pickOne     pickKind = iota // a select of one unit
	pickSeveral                 // a select of several units
	pickBoxes                   // check boxes, several units
)

// searchingUnits says whether the form was sent by the picker's search
// button: the handler shows the form again rather than acting on it.
func searchingUnits(r *http.Request) bool { return r.PostFormValue(fieldUnitSearch) != "" }

// unitPicker builds field's picker over the user's subtree above the
// villages (through the API: never a unit outside it). chosen are the
// form's values (as posted, or the page's default); a large subtree also
// searches the communes for the request's unit_q. A search sent by the
// search button chooses the first match of a single pick.
func (h *Handler) unitPicker(r *http.Request, field string, kind pickKind, chosen ...string) (*unitPicker, *problem) {
	pk := &unitPicker{Field: field, Multiple: kind != pickOne, Boxes: kind == pickBoxes, Asked: searchingUnits(r), selected: map[string]bool{}}
	for _, v := range chosen {
		if v != "" {
			pk.selected[v] = true
		}
	}
	higher, capped, p := h.unitsAt(r, models.LevelNational, models.LevelProvince, models.LevelDistrict)
	if p != nil {
		return nil, p
	}
	if room := smallSubtreeUnits - len(higher); room >= 0 && !capped {
		// One page of at most room+1 communes tells a small subtree from a
		// large one without fetching a large one's thousands.
		communes, p := h.unitPage(r, url.Values{"level": {models.LevelCommune}}, room+1)
		if p != nil {
			return nil, p
		}
		if len(communes) <= room {
			pk.Full, pk.Options = true, unitTree(append(higher, communes...))
			return pk, nil
		}
	}
	pk.Options = h.cappedTree(r, higher, capped)
	pk.parents = map[uint]string{}
	for _, u := range higher {
		pk.parents[u.ID] = u.Name
	}
	if p := h.nameChosen(r, pk, chosen); p != nil {
		return nil, p
	}
	if p := h.searchCommunes(r, pk, kind == pickOne && pk.Asked); p != nil {
		return nil, p
	}
	return pk, nil
}

// unitPickerOr is unitPicker, or on a failure an empty picker: for a
// page whose reading matters more than its form.
func (h *Handler) unitPickerOr(r *http.Request, field string, kind pickKind, chosen ...string) *unitPicker {
	pk, p := h.unitPicker(r, field, kind, chosen...)
	if p != nil {
		h.log.WarnContext(r.Context(), "web: units to pick", "field", field, "status", p.Status)
		return &unitPicker{Field: field, Multiple: kind != pickOne, Boxes: kind == pickBoxes, Full: true}
	}
	return pk
}

// nameChosen looks up, by ID, the chosen units the options do not hold;
// one the API does not show the user (outside their subtree, or gone) is
// left out, as a full list would.
func (h *Handler) nameChosen(r *http.Request, pk *unitPicker, chosen []string) *problem {
	listed := optionIDs(pk.Options)
	for _, v := range chosen {
		id, err := strconv.ParseUint(v, 10, 32)
		if err != nil || listed[uint(id)] {
			continue
		}
		listed[uint(id)] = true
		var u unit
		p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/units/" + v}, &u)
		switch {
		case p != nil && p.Status == http.StatusNotFound:
			continue
		case p != nil:
			return p
		}
		if u.Level != models.LevelVillage {
			pk.Chosen = append(pk.Chosen, unitOption{ID: u.ID, Label: withParent(u, pk.parents)})
		}
	}
	return nil
}

// searchCommunes finds the communes of the user's subtree whose name (or
// code) matches the request's unit_q; pick chooses the first.
func (h *Handler) searchCommunes(r *http.Request, pk *unitPicker, pick bool) *problem {
	pk.Query = strings.TrimSpace(r.FormValue(fieldUnitQuery))
	if pk.Query == "" {
		pk.Note = h.t(r, "web.picker.how")
		return nil
	}
	q := url.Values{"level": {models.LevelCommune}, "q": {pk.Query}}
	found, p := h.unitPage(r, q, unitMatches+1)
	switch {
	case p != nil && p.Status == http.StatusUnprocessableEntity: // a query past the API's 100 characters
		pk.SearchError = h.t(r, "web.picker.too_long")
		return nil
	case p != nil:
		return p
	}
	pk.Searched, pk.More = true, len(found) > unitMatches
	chosen := optionIDs(pk.Chosen)
	for _, u := range found[:min(len(found), unitMatches)] {
		if !chosen[u.ID] {
			pk.Found = append(pk.Found, unitOption{ID: u.ID, Label: withParent(u, pk.parents)})
		}
	}
	switch {
	case len(found) == 0:
		pk.Note = h.t(r, "web.picker.none", pk.Query)
	case pk.More:
		pk.Note = h.t(r, "web.picker.more", unitMatches)
	case pick && len(found) == 1:
		pk.Note = h.t(r, "web.picker.found_it")
	case pick:
		pk.Note = h.t(r, "web.picker.found_picked", len(found))
	default:
		pk.Note = h.t(r, "web.picker.found", len(found))
	}
	if pick && len(found) > 0 {
		pk.selected = map[string]bool{uintString(found[0].ID): true}
	}
	return nil
}

// unitPage is one request's worth (at most limit, up to apiPageSize) of
// the units GET /api/v1/units answers for query.
func (h *Handler) unitPage(r *http.Request, query url.Values, limit int) ([]unit, *problem) {
	q := cloneValues(query)
	q.Set("limit", strconv.Itoa(min(limit, apiPageSize)))
	var list struct {
		Items []unit `json:"items"`
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/units?" + q.Encode()}, &list); p != nil {
		return nil, p
	}
	return list.Items, nil
}

// without drops the unit id from what the picker offers (an inspecting
// unit does not inspect itself).
func (p *unitPicker) without(id uint) {
	isID := func(o unitOption) bool { return o.ID == id && !o.Disabled }
	p.Options = slices.DeleteFunc(p.Options, isID)
	p.Chosen = slices.DeleteFunc(p.Chosen, isID)
	p.Found = slices.DeleteFunc(p.Found, isID)
	delete(p.selected, uintString(id))
}

// Listed are the units the picker offers, chosen first: what a plain
// select of the same units shows.
func (p *unitPicker) Listed() []unitOption {
	return slices.Concat(p.Chosen, p.Found, p.Options)
}

// optionsWith are the picker's options (not its search) with the unit id
// (a list's filter) named first when they do not hold it.
func (h *Handler) optionsWith(r *http.Request, pk *unitPicker, id string) ([]unitOption, *problem) {
	if pk.Full {
		return pk.Options, nil
	}
	other := &unitPicker{Options: pk.Options, parents: pk.parents}
	if p := h.nameChosen(r, other, []string{id}); p != nil {
		return nil, p
	}
	return other.Listed(), nil
}

// unitName names a unit the picker offers ("" when it offers none by id).
func (p *unitPicker) unitName(id uint) string {
	for _, o := range p.Listed() {
		if o.ID == id && !o.Disabled {
			return strings.TrimSpace(o.Label)
		}
	}
	return ""
}

// withParent names a commune with the unit above it, which tells apart
// the communes of one name in different districts.
func withParent(u unit, parents map[uint]string) string {
	if u.ParentID != nil && parents[*u.ParentID] != "" {
		return u.Name + " (" + parents[*u.ParentID] + ")"
	}
	return u.Name
}

// optionIDs are the units options name.
func optionIDs(options []unitOption) map[uint]bool {
	ids := map[uint]bool{}
	for _, o := range options {
		if !o.Disabled {
			ids[o.ID] = true
		}
	}
	return ids
}
