package web

import "net/http"

// routesTasks registers the pages added to the everyday pages of officers
// and leaders: a task's files, bulk sign-off, the overdue chart and
// exports, and My tasks' saved filters.
func (h *Handler) routesTasks(m *http.ServeMux) {
	m.HandleFunc("POST /tasks/{id}/attachments", h.signedIn(h.handleUpload))
	m.HandleFunc("GET /tasks/{id}/files/{file}", h.signedIn(h.handleDownload))
	m.HandleFunc("POST /signoffs/approve", h.signedIn(h.handleBulkApprove))
	m.HandleFunc("POST /tasks/filters", h.signedIn(h.handleSaveFilters))
	m.HandleFunc("GET /overdue/export.csv", h.signedIn(h.handleOverdueCSV))
	m.HandleFunc("GET /overdue/export.xlsx", h.signedIn(h.handleOverdueXLSX))
}
