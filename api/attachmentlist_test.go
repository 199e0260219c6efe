package api_test

import (
	"net/http"
	"testing"

	"dsflow/testenv"
)

// TestListAttachments: the files of a task are listed for those who may
// see the task, without their content, each with who uploaded it; a user
// outside the task's subtree is told there is no such task.
func TestListAttachments(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	ngocLam := env.UnitID(t, unitNgocLam)
	officer, ward, elsewhere := env.Login(t, officerNgocLam), env.Login(t, leaderNgocLam), env.Login(t, officerCongVi)
	id := createTask(t, env, ward, taskTo("Tệp đính kèm", ngocLam, "", env.UserID(t, officerNgocLam)))["id"].(string)

	empty := env.Request(t, http.MethodGet, "/api/v1/tasks/"+id+"/attachments", officer, nil)
	if ids := listIDs(t, empty); len(ids) != 0 {
		t.Fatalf("a new task lists files %v", ids)
	}
	pdf := upload(t, env, officer, id, "bien-ban.pdf", pdfBytes)
	wantStatus(t, pdf, http.StatusCreated)
	png := upload(t, env, officer, id, "ảnh sổ.png", pngBytes)
	wantStatus(t, png, http.StatusCreated)

	r := env.Request(t, http.MethodGet, "/api/v1/tasks/"+id+"/attachments", ward, nil)
	ids := listIDs(t, r)
	if len(ids) != 2 || ids[0] != pdf.JSON["id"] || ids[1] != png.JSON["id"] {
		t.Fatalf("files %v, want the PDF then the PNG", ids)
	}
	items := r.JSON["items"].([]any)
	second := items[1].(map[string]any)
	if second["filename"] != "ảnh sổ.png" || second["content_type"] != "image/png" || num(second, "size") != len(pngBytes) ||
		num(second, "uploaded_by") != int(env.UserID(t, officerNgocLam)) || second["created_at"] == nil || second["data"] != nil {
		t.Fatalf("second file %v", second)
	}
	checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/tasks/"+id+"/attachments", elsewhere, nil), http.StatusNotFound, "not_found")
	checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/tasks/no-such-task/attachments", officer, nil), http.StatusNotFound, "not_found")
}
