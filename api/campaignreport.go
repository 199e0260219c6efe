package api

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"dsflow/i18n"
	"dsflow/models"
	"dsflow/rollup"
)

// handleProcessReport runs GET /campaigns/{id}/report.xlsx: the figures
// against targets of every unit of the process in the caller's part of
// it, one sheet per level of the tree (province, district, commune…),
// headers in Vietnamese.
func (s *Server) handleProcessReport(c *gin.Context) {
	ctx := c.Request.Context()
	p, def, err := s.visibleProcess(ctx, c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	top, err := s.processUnitFor(ctx, c, p, nil)
	if err != nil {
		s.respondError(c, err)
		return
	}
	comp, err := s.figures(ctx, p, def)
	if err != nil {
		s.respondError(c, err)
		return
	}
	from, to := slices.Index(models.Levels, top.Level), slices.Index(models.Levels, p.Level)
	if from < 0 || to < from {
		from = to
	}
	levels := models.Levels[from : to+1]
	units, err := s.store.UnitsOfLevels(ctx, top.Path, levels)
	if err != nil {
		s.respondError(c, internal(err, "units of the report"))
		return
	}
	raw, err := processWorkbook(p, def, comp, levels, units)
	if err != nil {
		s.respondError(c, internal(err, "build workbook"))
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="bao-cao-%s.xlsx"`, p.ID))
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", raw)
}

// processWorkbook lays the figures out: a sheet per level, a row per unit,
// for each indicator its target, actual and share of the target.
func processWorkbook(p *models.Process, def models.TemplateDef, comp *rollup.Computer, levels []string, units []models.Unit) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	for i, level := range levels {
		sheet := i18n.T(i18n.VI, "level."+level)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return nil, err
		}
		header := []any{i18n.T(i18n.VI, "report.code"), i18n.T(i18n.VI, "report.unit")}
		for _, ind := range def.Indicators {
			name := ind.Title.Vi
			if ind.Unit != "" {
				name += " (" + ind.Unit + ")"
			}
			header = append(header, name+" – "+i18n.T(i18n.VI, "report.target"), name+" – "+i18n.T(i18n.VI, "report.actual"),
				name+" – "+i18n.T(i18n.VI, "report.percent"))
		}
		if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
			return nil, err
		}
		last, _ := excelize.CoordinatesToCellName(len(header), 1)
		if err := f.SetCellStyle(sheet, "A1", last, bold); err != nil {
			return nil, err
		}
		row := 2
		for _, u := range units {
			if u.Level != level {
				continue
			}
			code := ""
			if u.Code != nil {
				code = *u.Code
			}
			values := []any{code, u.Name}
			for _, fig := range comp.At(u) {
				values = append(values, cell(fig.Target), cell(fig.Actual), cell(fig.Percent))
			}
			cellName, _ := excelize.CoordinatesToCellName(1, row)
			if err := f.SetSheetRow(sheet, cellName, &values); err != nil {
				return nil, err
			}
			row++
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// cell is a figure for a spreadsheet cell: empty when there is none.
func cell(v *float64) any {
	if v == nil {
		return ""
	}
	return *v
}
