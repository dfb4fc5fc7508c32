package devtest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"google.golang.org/protobuf/types/known/durationpb"
)

// RegisterNamespace registers the namespace ns (histories kept a day) on
// the Temporal dev server at addr, then waits until the server answers for
// it: a new namespace takes a moment to spread through the server.
func RegisterNamespace(ctx context.Context, t testing.TB, addr, ns string) {
	t.Helper()
	quiet := sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	nc, err := client.NewNamespaceClient(client.Options{HostPort: addr, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if err := nc.Register(ctx, &workflowservice.RegisterNamespaceRequest{Namespace: ns,
		WorkflowExecutionRetentionPeriod: durationpb.New(24 * time.Hour)}); err != nil {
		t.Fatalf("register namespace %s: %v", ns, err)
	}
	WaitFor(ctx, t, "namespace "+ns+" to become usable", func() (bool, string) {
		_, err := nc.Describe(ctx, ns)
		return err == nil, fmt.Sprint(err)
	})
}
