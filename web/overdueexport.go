package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/xuri/excelize/v2"

	"dsflow/calendar"
)

// maxExport bounds an export: the API gives overdue tasks 200 a page.
const maxExport = 5000

// overdueRows reads every overdue task of the unit's subtree, page by
// page, from the API (which decides what the user may see), and writes
// each as a row in lang.
func (h *Handler) overdueRows(r *http.Request, unitID uint) (header []string, rows [][]string, unitName string, p *problem) {
	lang := langOf(r)
	var tasks []task
	cursor := ""
	for {
		q := url.Values{"limit": {"200"}}
		if unitID != 0 {
			q.Set("unit", uintString(unitID))
		}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var ans overdueAnswer
		if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/overdue?" + q.Encode()}, &ans); p != nil {
			return nil, nil, "", p
		}
		unitName = ans.Unit.Name
		tasks = append(tasks, ans.Tasks...)
		cursor = ans.NextCursor
		if cursor == "" || len(tasks) >= maxExport {
			break
		}
	}
	ids := make([]uint, 0, len(tasks))
	for _, t := range tasks {
		ids = append(ids, t.UnitID)
	}
	names := h.unitNamesUpTo(r, ids, 1000)
	now := calendar.DateOf(h.now().In(calendar.Location()))
	for _, k := range []string{"no", "title", "unit", "process", "status", "due", "days", "id"} {
		header = append(header, h.t(r, "web.overdue.col."+k))
	}
	for i, t := range tasks {
		days := daysBetween(calendar.DateOf(t.DueAt.In(calendar.Location())), now)
		rows = append(rows, []string{strconv.Itoa(i + 1), t.Title.In(lang), names[t.UnitID], h.t(r, "web.process."+t.Process),
			h.t(r, "web.status."+t.Status), t.DueAt.In(calendar.Location()).Format(dateTimeLayout), strconv.Itoa(days), t.ID})
	}
	return header, rows, unitName, nil
}

// unitNamesUpTo names up to limit distinct units by ID (the rest stay
// unnamed: an export of a whole province names its communes).
func (h *Handler) unitNamesUpTo(r *http.Request, ids []uint, limit int) map[uint]string {
	out := map[uint]string{}
	for _, id := range ids {
		if _, ok := out[id]; ok || len(out) >= limit {
			continue
		}
		var un unit
		if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/units/" + uintString(id)}, &un); p == nil {
			out[id] = un.Name
		} else {
			out[id] = ""
		}
	}
	return out
}

// exportUnit is the unit of an export's query (0: the user's own).
func exportUnit(r *http.Request) uint {
	id, err := strconv.ParseUint(r.URL.Query().Get("unit"), 10, 32)
	if err != nil {
		return 0
	}
	return uint(id)
}

// handleOverdueCSV exports the overdue list as CSV, with a UTF-8 byte
// order mark so that Excel reads the Vietnamese right.
func (h *Handler) handleOverdueCSV(w http.ResponseWriter, r *http.Request, u *user) {
	header, rows, _, p := h.overdueRows(r, exportUnit(r))
	if p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	_ = cw.Write(header)
	_ = cw.WriteAll(rows) // flushes; a bytes.Buffer does not fail
	h.sendFile(w, "text/csv; charset=utf-8", h.exportName(r, "csv"), buf.Bytes())
}

// handleOverdueXLSX exports the overdue list as an Excel workbook.
func (h *Handler) handleOverdueXLSX(w http.ResponseWriter, r *http.Request, u *user) {
	header, rows, unitName, p := h.overdueRows(r, exportUnit(r))
	if p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	raw, err := overdueWorkbook(h.t(r, "web.overdue.in", unitName), header, rows)
	if err != nil {
		h.log.ErrorContext(r.Context(), "web: build the overdue workbook", "error", err)
		h.renderProblem(w, r, u, &problem{Status: http.StatusInternalServerError, Title: h.t(r, "web.error.try_again")})
		return
	}
	h.sendFile(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", h.exportName(r, "xlsx"), raw)
}

// overdueWorkbook writes one sheet: a title row, the header in bold, a
// row per task; the count columns are numbers.
func overdueWorkbook(title string, header []string, rows [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, fmt.Errorf("style: %w", err)
	}
	if err := f.SetCellValue(sheet, "A1", title); err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", bold); err != nil {
		return nil, err
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = h
	}
	if err := f.SetSheetRow(sheet, "A3", &cells); err != nil {
		return nil, err
	}
	last, _ := excelize.CoordinatesToCellName(len(header), 3)
	if err := f.SetCellStyle(sheet, "A3", last, bold); err != nil {
		return nil, err
	}
	for i, row := range rows {
		vals := make([]any, len(row))
		for j, v := range row {
			vals[j] = v
			if j == 0 || j == 6 { // the row number and the days overdue
				if n, err := strconv.Atoi(v); err == nil {
					vals[j] = n
				}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
			return nil, err
		}
	}
	for col, width := range map[string]float64{"A": 6, "B": 48, "C": 28, "D": 18, "E": 16, "F": 18, "G": 12, "H": 30} {
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	return buf.Bytes(), nil
}

func (h *Handler) exportName(r *http.Request, ext string) string {
	name := "qua-han-" + h.now().In(calendar.Location()).Format("20060102")
	if id := exportUnit(r); id != 0 {
		name += "-" + uintString(id)
	}
	return name + "." + ext
}

// sendFile writes a download: personal, never cached.
func (h *Handler) sendFile(w http.ResponseWriter, ctype, name string, body []byte) {
	hd := w.Header()
	hd.Set("Content-Type", ctype)
	hd.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	hd.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}
