// Command dsflow runs the dsflow workflow and task engine: `serve` runs
// everything in one process (with an embedded Temporal server unless
// TEMPORAL_ADDRESS is set); `api` and `worker` run the two halves apart;
// the rest are operator commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Set at build time: -ldflags "-X main.version=… -X main.commit=…".
var (
	version = "dev"
	commit  = "unknown"
)

const usage = `dsflow — công cụ quy trình và nhiệm vụ cho công tác Dân số – KHHGĐ
(a workflow and task engine for Vietnam's population programme)

Usage: dsflow <command> [flags]

  serve         API, worker and (unless TEMPORAL_ADDRESS is set) an embedded Temporal server
  api           the HTTP API only (needs TEMPORAL_ADDRESS)
  worker        the Temporal worker only (needs TEMPORAL_ADDRESS)
  migrate       apply database migrations
  users add     create a user: --username U --password P --unit CODE_OR_ID --role ROLE[,ROLE]
  units import  import administrative units from CSV (code,name,level,parent_code)
  audit verify  check the audit log's hash chain
  keys new      make the key file of personal data, or add a new active key to it
  keys list     list the keys (IDs and dates, the active one marked; never a secret)
  keys rotate   re-encrypt every personal value in the database under the active key
  codec-server  decode dsflow's encrypted Temporal payloads for an operator's Temporal CLI or UI
  version       print version and commit

Run "dsflow <command> -h" for the flags of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return // -h printed the flags, as asked
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "dsflow:", err)
		os.Exit(1)
	}
}

// run dispatches a subcommand; it is main without the process around it,
// so tests can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cmd, rest := args[0], args[1:]
	if (cmd == "users" || cmd == "units" || cmd == "audit" || cmd == "keys") && len(rest) > 0 {
		cmd, rest = cmd+" "+rest[0], rest[1:]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, cmd, rest, stdout, stderr, roleAll)
	case "api":
		return runServe(ctx, cmd, rest, stdout, stderr, roleAPI)
	case "worker":
		return runServe(ctx, cmd, rest, stdout, stderr, roleWorker)
	case "migrate":
		return runMigrate(ctx, rest, stdout, stderr)
	case "users add":
		return runUsersAdd(ctx, rest, stdout, stderr)
	case "units import":
		return runUnitsImport(ctx, rest, stdout, stderr)
	case "audit verify":
		return runAuditVerify(ctx, rest, stdout, stderr)
	case "keys new":
		return runKeysNew(ctx, rest, stdout, stderr)
	case "keys list":
		return runKeysList(ctx, rest, stdout, stderr)
	case "keys rotate":
		return runKeysRotate(ctx, rest, stdout, stderr)
	case "codec-server":
		return runCodecServer(ctx, rest, stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "dsflow %s (commit %s)\n", version, commit)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}
