package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"dsflow/auth"
	"dsflow/models"
	"dsflow/store"
	"dsflow/unitcsv"
)

// openStore parses the common flags and nargs file arguments, opens the
// database and migrates it. Unlike migrate and serve it creates no SQLite
// database: a mistyped data directory would otherwise give an empty one
// (whose audit chain, for one, is trivially intact).
func openStore(ctx context.Context, name string, nargs int, args []string, stderr io.Writer, extra func(fs *flag.FlagSet)) (*store.Store, []string, error) {
	cfg, rest, err := parseCommand(name, nargs, args, stderr, extra)
	if err != nil {
		return nil, nil, err
	}
	s, err := openConfigured(ctx, cfg, nil)
	if err != nil {
		return nil, nil, err
	}
	return s, rest, nil
}

// parseCommand parses an operator command's flags (the common ones and
// those extra adds) and its nargs arguments.
func parseCommand(name string, nargs int, args []string, stderr io.Writer, extra func(fs *flag.FlagSet)) (*config, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := bindConfig(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	if err := checkArgs(name, fs.Args(), nargs); err != nil {
		return nil, nil, err
	}
	return cfg, fs.Args(), nil
}

// openConfigured checks cfg, opens its existing database, sealing with
// sealer (nil: none), and migrates it.
func openConfigured(ctx context.Context, cfg *config, sealer store.Sealer) (*store.Store, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if cfg.DatabaseURL == "" {
		if _, err := os.Stat(cfg.sqlitePath()); err != nil {
			return nil, fmt.Errorf("DSFLOW_DATA_DIR %q: no dsflow database there (%v); run dsflow migrate or serve first", cfg.DataDir, err)
		}
	}
	s, err := store.Open(ctx, store.Config{DatabaseURL: cfg.DatabaseURL, SQLitePath: cfg.sqlitePath(), Sealer: sealer})
	if err != nil {
		return nil, err
	}
	if _, err := migrate(ctx, s); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// checkArgs refuses missing or stray arguments, such as a value whose flag
// was mistyped: flag parsing stops there, silently dropping what follows.
func checkArgs(name string, args []string, n int) error {
	switch {
	case n == 1 && len(args) != 1:
		return fmt.Errorf("usage: dsflow %s [flags] FILE.csv", name)
	case n == 0 && len(args) > 0:
		return fmt.Errorf("unexpected argument %q: dsflow %s takes flags only, and flags go before any argument", args[0], name)
	}
	return nil
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := bindConfig(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkArgs("migrate", fs.Args(), 0); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	s, err := store.Open(ctx, store.Config{DatabaseURL: cfg.DatabaseURL, SQLitePath: cfg.sqlitePath()})
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := migrate(ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "applied %d migration(s) to %s\n", n, s.Dialect())
	return nil
}

func runUsersAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var username, password, unitRef, roles, fullName, email string
	s, _, err := openStore(ctx, "users add", 0, args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "login name (lowercase letters, digits, . _ -)")
		fs.StringVar(&password, "password", "", "password, at least 8 characters")
		fs.StringVar(&unitRef, "unit", "", "the user's unit: GSO code or ID")
		fs.StringVar(&roles, "role", "", "roles, comma-separated: admin, leader, secretary, inspector, officer")
		fs.StringVar(&fullName, "name", "", "full name")
		fs.StringVar(&email, "email", "", "e-mail address for notifications")
	})
	if err != nil {
		return err
	}
	defer s.Close()
	var problems []string
	if username == "" {
		problems = append(problems, "--username is required")
	} else if !usernamePattern.MatchString(username) {
		problems = append(problems, fmt.Sprintf("--username %q: 3 to 64 lowercase letters, digits, . _ or -, starting with a letter or digit", username))
	}
	if len([]rune(password)) < 8 {
		problems = append(problems, "--password needs at least 8 characters")
	}
	var roleList []string
	for _, r := range strings.Split(roles, ",") {
		r = strings.TrimSpace(r)
		if !models.ValidRole(r) {
			problems = append(problems, fmt.Sprintf("--role %q is not one of admin, leader, secretary, inspector, officer", r))
			continue
		}
		roleList = append(roleList, r)
	}
	if unitRef == "" {
		problems = append(problems, "--unit is required")
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	unit, err := unitByCodeOrID(ctx, s, unitRef)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	u := models.User{Username: username, PasswordHash: hash, FullName: fullName, Email: email, UnitID: unit.ID}
	u.SetRoles(roleList)
	rec := store.AuditRecord{Action: "user.create", After: map[string]any{"username": u.Username, "unit_id": u.UnitID, "roles": roleList, "via": "cli"}}
	if err := s.CreateUserAudited(ctx, &u, rec); err != nil {
		if e := models.AsError(err); e != nil && e.Code == models.EINVALID {
			return fmt.Errorf("--username %q is already taken", username)
		}
		return err
	}
	fmt.Fprintf(stdout, "created user %s (id %d) at %s with roles %s\n", u.Username, u.ID, unit.Name, strings.Join(roleList, ","))
	return nil
}

// usernamePattern is the API's rule for usernames (api/validate.go).
var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)

// unitByCodeOrID resolves --unit: a GSO code, or else a unit ID.
func unitByCodeOrID(ctx context.Context, s *store.Store, ref string) (*models.Unit, error) {
	u, err := s.UnitByCodeOrID(ctx, ref)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil, fmt.Errorf("--unit %q: no unit has this code or ID", ref)
	}
	return u, err
}

func runUnitsImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	s, files, err := openStore(ctx, "units import", 1, args, stderr, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	f, err := os.Open(files[0])
	if err != nil {
		return fmt.Errorf("open %s: %w", files[0], err)
	}
	defer f.Close()
	rows, lineErrs := unitcsv.Parse(f)
	if len(lineErrs) == 0 {
		var res store.ImportResult
		res, err = s.ImportUnits(ctx, 0, rows)
		if err == nil {
			fmt.Fprintf(stdout, "imported %s: %d created, %d updated, %d unchanged\n", files[0], res.Created, res.Updated, res.Unchanged)
			return nil
		}
		var ie *store.ImportError
		if !errors.As(err, &ie) {
			return err
		}
		lineErrs = ie.Lines
	}
	for _, le := range lineErrs {
		fmt.Fprintf(stderr, "%s:%d: %s: %s\n", files[0], le.Line, le.Field, le.Reason)
	}
	return fmt.Errorf("%s: %d bad line(s); nothing was imported", files[0], len(lineErrs))
}

func runAuditVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	s, _, err := openStore(ctx, "audit verify", 0, args, stderr, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	v, err := s.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if !v.OK {
		return fmt.Errorf("audit chain broken at entry %d: %s (%d entries verified before it)", v.BadSeq, v.Reason, v.Entries)
	}
	fmt.Fprintf(stdout, "audit chain intact: %d entries\n", v.Entries)
	return nil
}
