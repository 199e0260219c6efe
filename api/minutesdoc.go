package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"dsflow/i18n"
	"dsflow/minutes"
	"dsflow/models"
	"dsflow/store"
)

// handleMinutes runs GET /inspections/{id}/minutes.pdf: the signed minutes
// in the layout of a Vietnamese administrative document. A biên bản is a
// Vietnamese record whatever the reader's language. Before signing there
// are no minutes (409).
func (s *Server) handleMinutes(c *gin.Context) {
	ctx := c.Request.Context()
	in, err := s.store.VisibleInspection(ctx, scopeOf(c), currentUser(c).ID, c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	if in.SignedAt == nil {
		s.respondError(c, &models.Error{Code: models.ECONFLICT, Key: "error.inspection.not_signed"})
		return
	}
	m, err := s.minutesOf(ctx, in)
	if err != nil {
		s.respondError(c, err)
		return
	}
	pdf, err := minutes.Render(m)
	if err != nil {
		s.respondError(c, internal(err, "render minutes"))
		return
	}
	c.Header("Content-Disposition", `inline; filename="bien-ban-`+in.ID+`.pdf"`)
	c.Data(http.StatusOK, "application/pdf", pdf)
}

func vi(key string, args ...any) string { return i18n.T(i18n.VI, key, args...) }

// minutesOf gathers what the minutes print: the inspecting unit and its
// superior, the team, each submitted checklist with its answers and score,
// the findings with their deadlines, and the lead who signed.
func (s *Server) minutesOf(ctx context.Context, in *models.Inspection) (minutes.Minutes, error) {
	m := minutes.Minutes{Number: in.Number, Date: *in.SignedAt, SignedAt: *in.SignedAt, Title: vi("minutes.title"),
		Inspection: in.Name, Window: vi("minutes.window", in.WindowStart.In(ict).Format("02/01/2006"), in.WindowEnd.In(ict).Format("02/01/2006"))}
	nation := store.Scope{Path: "/"}
	issuer, err := s.store.GetUnit(ctx, nation, in.UnitID)
	if err != nil {
		return m, internal(err, "inspecting unit")
	}
	m.Issuer, m.Place = issuer.Name, issuer.Name
	if parent := parentID(issuer.Path); parent != 0 {
		if p, err := s.store.GetUnit(ctx, nation, parent); err == nil {
			m.Authority = p.Name
		}
	}
	for _, id := range pathIDs(issuer.Path) {
		if p, err := s.store.GetUnit(ctx, nation, id); err == nil && p.Level == models.LevelProvince {
			m.Place = placeName(p.Name)
		}
	}
	team, users, err := s.store.InspectionTeam(ctx, in.ID)
	if err != nil {
		return m, internal(err, "team")
	}
	name := func(id uint) string {
		if i := slices.IndexFunc(users, func(u models.User) bool { return u.ID == id }); i >= 0 && users[i].FullName != "" {
			return users[i].FullName
		}
		return "#" + strconv.FormatUint(uint64(id), 10)
	}
	for _, t := range team {
		p := minutes.Person{Name: name(t.UserID), Position: vi("team." + t.Role)}
		m.Team = append(m.Team, p)
		if t.UserID == in.LeadID {
			m.Signer = p
		}
	}
	def, err := s.checklistDef(ctx, in)
	if err != nil {
		return m, err
	}
	units, err := s.store.InspectionUnits(ctx, in.ID)
	if err != nil {
		return m, internal(err, "inspected units")
	}
	sheets, err := s.store.Sheets(ctx, in.ID)
	if err != nil {
		return m, internal(err, "checklists")
	}
	findings, err := s.store.Findings(ctx, in.ID)
	if err != nil {
		return m, internal(err, "findings")
	}
	if len(units) == 1 {
		m.Subtitle = vi("minutes.subtitle", units[0].Name)
	}
	for _, u := range units {
		var mine []models.ChecklistSheet
		for _, sh := range sheets {
			if sh.UnitID == u.ID && sh.Submitted {
				mine = append(mine, sh)
			}
		}
		for i, sh := range mine {
			r := minutes.UnitResult{Unit: u.Name, Score: sh.Score, MaxScore: sh.MaxScore, Sections: sections(def, sh)}
			if len(mine) > 1 {
				r.Unit = vi("minutes.sheet_of", u.Name, name(sh.InspectorID))
			}
			if i == len(mine)-1 {
				r.Findings = unitFindings(def, findings, u.ID)
			}
			m.Units = append(m.Units, r)
		}
		if len(mine) == 0 {
			m.Units = append(m.Units, minutes.UnitResult{Unit: u.Name, Findings: unitFindings(def, findings, u.ID)})
		}
	}
	return m, nil
}

// sections renders a sheet's answers, item by item, in checklist order.
func sections(def models.ChecklistDef, sh models.ChecklistSheet) []minutes.SectionResult {
	answers := map[string]models.Answer{}
	_ = json.Unmarshal([]byte(sh.AnswersJSON), &answers)
	out := make([]minutes.SectionResult, 0, len(def.Sections))
	for _, sec := range def.Sections {
		r := minutes.SectionResult{Title: sec.Title.Vi}
		for _, it := range sec.Items {
			a := answers[it.Key]
			r.Items = append(r.Items, minutes.ItemResult{Text: it.Text.Vi, Answer: answerText(it, a), Comment: a.Comment})
		}
		out = append(out, r)
	}
	return out
}

// answerText is an answer as a person reads it.
func answerText(it models.ItemDef, a models.Answer) string {
	var parts []string
	switch v := a.Value.(type) {
	case nil:
	case string:
		switch {
		case it.Answer == models.AnswerYesNo && (v == "yes" || v == "no" || v == "na"):
			parts = append(parts, vi("answer."+v))
		default:
			parts = append(parts, v)
		}
	case float64:
		n := strconv.FormatFloat(v, 'f', -1, 64)
		if it.Answer == models.AnswerScore {
			n += "/" + strconv.Itoa(it.MaxScore)
		}
		parts = append(parts, strings.Replace(n, ".", ",", 1))
	case []any:
		var xs []string
		for _, x := range v {
			xs = append(xs, fmt.Sprint(x))
		}
		parts = append(parts, strings.Join(xs, "; "))
	default:
		parts = append(parts, fmt.Sprint(v))
	}
	if len(a.Files) > 0 {
		parts = append(parts, vi("answer.files", len(a.Files)))
	}
	return strings.Join(parts, " – ")
}

func unitFindings(def models.ChecklistDef, findings []models.Finding, unitID uint) []minutes.Finding {
	var out []minutes.Finding
	for _, f := range findings {
		if f.UnitID != unitID {
			continue
		}
		mf := minutes.Finding{Severity: vi("severity." + f.Severity), Description: f.Description, Item: itemText(def, f.ItemKey)}
		if f.DueAt != nil {
			mf.Deadline = f.DueAt.In(ict).Format("02/01/2006")
		}
		out = append(out, mf)
	}
	return out
}

func itemText(def models.ChecklistDef, key string) string {
	for _, sec := range def.Sections {
		for _, it := range sec.Items {
			if it.Key == key {
				return it.Text.Vi
			}
		}
	}
	return ""
}

// parentID reads a unit's parent from its path ("/1/5/77/"): 0 when
// there is none.
func parentID(path string) uint {
	ids := pathIDs(path)
	if len(ids) < 2 {
		return 0
	}
	return ids[len(ids)-2]
}

func pathIDs(path string) []uint {
	var out []uint
	for _, p := range strings.Split(strings.Trim(path, "/"), "/") {
		if n, err := strconv.ParseUint(p, 10, 32); err == nil {
			out = append(out, uint(n))
		}
	}
	return out
}

// placeName is a province's name as the place/date line writes it: "Thành
// phố Hà Nội" is "Hà Nội".
func placeName(name string) string {
	for _, prefix := range []string{"Thành phố ", "Tỉnh ", "TP. ", "TP "} {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			return rest
		}
	}
	return name
}
