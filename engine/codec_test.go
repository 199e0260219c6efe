package engine

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"dsflow/codec"
	"dsflow/models"
	"dsflow/pii"
	"dsflow/workflows/adhoc"
	"dsflow/workflows/inspection"
	"dsflow/workflows/maintenance"
	"dsflow/workflows/process"
)

// The personal data the test sends through Temporal, and the pieces of it
// that must not appear in clear anywhere in the history.
const (
	piiName  = "Nguyễn Thị Hoa"
	piiPhone = "0912345678"
	piiMark  = piiName + " " + piiPhone
)

// ScreenedPerson stands for what a screening case carries.
type ScreenedPerson struct {
	FullName string `json:"full_name"`
	Phone    string `json:"phone"`
}

// Screen checks the person through an activity (which fails once with an
// error quoting the phone, as a validation error might), then takes one
// Update whose argument and result carry the person, and returns them.
func Screen(ctx workflow.Context, p ScreenedPerson) (ScreenedPerson, error) {
	var note string
	if err := workflow.SetUpdateHandler(ctx, "note", func(ctx workflow.Context, n ScreenedPerson) (string, error) {
		note = n.FullName + " " + n.Phone
		return "noted " + note, nil
	}); err != nil {
		return p, err
	}
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: 10 * time.Millisecond}})
	var checked ScreenedPerson
	if err := workflow.ExecuteActivity(actx, CheckPerson, p).Get(ctx, &checked); err != nil {
		return p, err
	}
	if err := workflow.Await(ctx, func() bool { return note != "" }); err != nil {
		return p, err
	}
	checked.FullName += " (" + note + ")"
	return checked, nil
}

// CheckPerson fails its first attempt with an error naming the person.
func CheckPerson(ctx context.Context, p ScreenedPerson) (ScreenedPerson, error) {
	if activity.GetInfo(ctx).Attempt == 1 {
		return p, errors.New("phone " + p.Phone + " of " + p.FullName + " not reachable")
	}
	return p, nil
}

// TestHistoryHoldsNoPersonalData runs a workflow carrying personal data on
// a real embedded server through a client with the keyring, then reads the
// raw history with a client without it: the data appears nowhere, in any
// event; with the codec it decodes; the codec server decodes it for an
// operator; and the history replays.
func TestHistoryHoldsNoPersonalData(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	f, err := pii.NewKeyFile(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ring, err := f.Keyring()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := StartServer(ctx, ServerConfig{DataDir: t.TempDir(), FrontendPort: freeFrontendPort(t), Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	c, err := Dial(ctx, ClientConfig{HostPort: srv.HostPort(), Logger: testLogger(), Keyring: ring})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	w := NewWorker(c, testTaskQueue, func(r worker.Registry) {
		r.RegisterWorkflow(Screen)
		r.RegisterActivity(CheckPerson)
	})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	const id = "screening-codec-test"
	in := ScreenedPerson{FullName: piiName, Phone: piiPhone}
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: testTaskQueue,
		Memo: map[string]any{"person": piiMark}}, Screen, in)
	if err != nil {
		t.Fatal(err)
	}
	h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "note",
		Args: []any{in}, WaitForStage: client.WorkflowUpdateStageCompleted})
	if err != nil {
		t.Fatal(err)
	}
	var noted string
	if err := h.Get(ctx, &noted); err != nil || noted != "noted "+piiMark {
		t.Fatalf("update: %q, %v", noted, err)
	}
	var out ScreenedPerson
	if err := run.Get(ctx, &out); err != nil || out.Phone != piiPhone || !strings.Contains(out.FullName, piiMark) {
		t.Fatalf("result: %+v, %v", out, err)
	}

	plain, err := Dial(ctx, ClientConfig{HostPort: srv.HostPort(), Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	hist := history(t, ctx, plain, id)

	t.Run("raw history holds no personal data", func(t *testing.T) {
		var failures, payloads int
		for _, e := range hist.Events {
			raw, err := proto.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			js, _ := protojson.Marshal(e)
			for _, needle := range []string{piiName, piiPhone, "Nguy", "Hoa"} {
				if bytes.Contains(raw, []byte(needle)) || bytes.Contains(js, []byte(needle)) {
					t.Errorf("event %d (%v) holds %q in clear:\n%s", e.EventId, e.EventType, needle, js)
				}
			}
			if bytes.Contains(js, []byte(`"lastFailure"`)) {
				failures++
			}
			payloads += bytes.Count(js, []byte(`"`+base64.StdEncoding.EncodeToString([]byte(codec.Encoding))+`"`))
		}
		if failures == 0 {
			t.Error("no event carries the activity's failure: the test does not exercise error messages")
		}
		if payloads < 6 {
			t.Errorf("only %d encrypted payloads in the history", payloads)
		}
	})
	t.Run("the codec decodes it", func(t *testing.T) {
		dc := codec.DataConverter(ring, nil)
		attrs := hist.Events[0].GetWorkflowExecutionStartedEventAttributes()
		var got ScreenedPerson
		if err := dc.FromPayloads(attrs.GetInput(), &got); err != nil || got != in {
			t.Fatalf("input decoded: %+v, %v", got, err)
		}
		var memo string
		if err := dc.FromPayload(attrs.GetMemo().GetFields()["person"], &memo); err != nil || memo != piiMark {
			t.Fatalf("memo decoded: %q, %v", memo, err)
		}
		var undecoded ScreenedPerson
		if err := converter.GetDefaultDataConverter().FromPayloads(attrs.GetInput(), &undecoded); err == nil {
			t.Fatal("the default converter read an encrypted input")
		}
	})
	t.Run("the codec server decodes it", func(t *testing.T) {
		cs := httptest.NewServer(codec.Handler(ring, codec.ServerOptions{}))
		defer cs.Close()
		input := hist.Events[0].GetWorkflowExecutionStartedEventAttributes().GetInput()
		body, _ := protojson.Marshal(input)
		resp, err := http.Post(cs.URL+"/default/decode", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var decoded commonpb.Payloads
		if resp.StatusCode != http.StatusOK || protojson.Unmarshal(b, &decoded) != nil || len(decoded.Payloads) != 1 {
			t.Fatalf("decode: %d %s", resp.StatusCode, b)
		}
		var got ScreenedPerson
		if err := json.Unmarshal(decoded.Payloads[0].Data, &got); err != nil || got != in {
			t.Fatalf("decoded %s: %v", decoded.Payloads[0].Data, err)
		}
	})
	t.Run("the encrypted history replays", func(t *testing.T) {
		dc := codec.DataConverter(ring, nil)
		r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{DataConverter: dc, FailureConverter: codec.FailureConverter(dc)})
		if err != nil {
			t.Fatal(err)
		}
		r.RegisterWorkflow(Screen)
		if err := r.ReplayWorkflowHistory(nil, hist); err != nil {
			t.Fatal(err)
		}
	})
}

// TestCodecReplaysPlaintextHistories replays the histories recorded in
// clear (workflows/testdata) with a replayer that has the codec: turning
// encryption on does not break the workflows that were running.
func TestCodecReplaysPlaintextHistories(t *testing.T) {
	f, _ := pii.NewKeyFile(time.Now())
	ring, err := f.Keyring()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join("..", "workflows", "testdata", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no recorded histories: %v", err)
	}
	dc := codec.DataConverter(ring, nil)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{DataConverter: dc, FailureConverter: codec.FailureConverter(dc)})
			if err != nil {
				t.Fatal(err)
			}
			r.RegisterWorkflowWithOptions(adhoc.AdHocTasks, workflow.RegisterOptions{Name: models.WorkflowAdHoc})
			r.RegisterWorkflowWithOptions(maintenance.Maintenance, workflow.RegisterOptions{Name: models.WorkflowMaintenance})
			r.RegisterWorkflowWithOptions(process.Campaign, workflow.RegisterOptions{Name: models.WorkflowCampaign})
			r.RegisterWorkflowWithOptions(process.Branch, workflow.RegisterOptions{Name: models.WorkflowBranch})
			r.RegisterWorkflowWithOptions(process.ProcessUnit, workflow.RegisterOptions{Name: models.WorkflowProcessUnit})
			r.RegisterWorkflowWithOptions(process.ScheduledProcess, workflow.RegisterOptions{Name: models.WorkflowScheduledProcess})
			r.RegisterWorkflowWithOptions(inspection.Inspection, workflow.RegisterOptions{Name: models.WorkflowInspection})
			if err := r.ReplayWorkflowHistoryFromJSONFile(nil, file); err != nil {
				t.Fatalf("replay %s: %v", file, err)
			}
		})
	}
}

// history reads a workflow's whole history as the server keeps it.
func history(t *testing.T, ctx context.Context, c client.Client, id string) *historypb.History {
	t.Helper()
	it := c.GetWorkflowHistory(ctx, id, "", false, 0)
	h := &historypb.History{}
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		h.Events = append(h.Events, e)
	}
	return h
}
