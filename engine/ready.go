package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/types/known/durationpb"
)

// namespaceRetention matches what sqliteschema.NewNamespaceConfig gives a
// namespace created directly in SQLite, so both backends behave alike.
const namespaceRetention = 24 * time.Hour

// probeWorkflowID names a workflow that never exists: describing it answers
// NotFound only once frontend and history both serve the namespace.
const probeWorkflowID = "dsflow-engine-readiness-probe"

// waitReady dials the new server, registers the namespace through the
// frontend when asked to (PostgreSQL: Temporal has no offline namespace
// tool for it), and returns once the frontend routes requests in the
// namespace to history. Right after Start the frontend may refuse
// connections, history may not own its shards yet, and a freshly registered
// namespace may be missing from the services' namespace caches, which
// refresh every few seconds; the first workflow start would then fail.
func waitReady(ctx context.Context, hostPort, namespace string, register bool, logger *slog.Logger) error {
	c, err := Dial(ctx, ClientConfig{HostPort: hostPort, Namespace: namespace, Logger: logger})
	if err != nil {
		return fmt.Errorf("wait for temporal server: %w", err)
	}
	defer c.Close()
	if register {
		if err := ensureNamespace(ctx, c, namespace, logger); err != nil {
			return err
		}
	}
	req := &workflowservice.DescribeWorkflowExecutionRequest{Namespace: namespace,
		Execution: &commonpb.WorkflowExecution{WorkflowId: probeWorkflowID}}
	return retry(ctx, func(ctx context.Context) error {
		_, err := c.WorkflowService().DescribeWorkflowExecution(ctx, req)
		var nf *serviceerror.NotFound
		if err == nil || errors.As(err, &nf) {
			return nil
		}
		return err
	}, "wait for namespace %q to be served", namespace)
}

// ensureNamespace registers the namespace unless it exists already.
func ensureNamespace(ctx context.Context, c client.Client, namespace string, logger *slog.Logger) error {
	svc := c.WorkflowService()
	return retry(ctx, func(ctx context.Context) error {
		_, err := svc.DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: namespace})
		var nsNotFound *serviceerror.NamespaceNotFound
		if err == nil || !errors.As(err, &nsNotFound) {
			return err
		}
		_, err = svc.RegisterNamespace(ctx, &workflowservice.RegisterNamespaceRequest{
			Namespace:                        namespace,
			WorkflowExecutionRetentionPeriod: durationpb.New(namespaceRetention),
		})
		var exists *serviceerror.NamespaceAlreadyExists
		if err == nil || errors.As(err, &exists) {
			logger.Info("registered temporal namespace", "namespace", namespace)
			return nil
		}
		return err
	}, "register namespace %q", namespace)
}

// retry calls f until it returns nil or ctx is done, giving each attempt
// a bounded context so a hung call cannot eat the whole budget.
func retry(ctx context.Context, f func(context.Context) error, format string, args ...any) error {
	for {
		actx, cancel := context.WithTimeout(ctx, dialAttemptTimeout)
		err := f(actx)
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), errors.Join(ctx.Err(), err))
		case <-time.After(retryInterval):
		}
	}
}
