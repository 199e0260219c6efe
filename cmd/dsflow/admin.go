package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"dsflow/auth"
	"dsflow/models"
	"dsflow/store"
	"dsflow/unitcsv"
)

// openStore parses the common flags, opens the database and migrates it.
func openStore(ctx context.Context, name string, args []string, stderr io.Writer, extra func(fs *flag.FlagSet)) (*store.Store, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := bindConfig(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	if err := cfg.validate(); err != nil {
		return nil, nil, err
	}
	s, err := store.Open(ctx, store.Config{DatabaseURL: cfg.DatabaseURL, SQLitePath: cfg.sqlitePath()})
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, fs.Args(), nil
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := bindConfig(fs)
	if err := fs.Parse(args); err != nil {
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
	n, err := s.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "applied %d migration(s) to %s\n", n, s.Dialect())
	return nil
}

func runUsersAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var username, password, unitRef, roles, fullName, email string
	s, _, err := openStore(ctx, "users add", args, stderr, func(fs *flag.FlagSet) {
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
	if username == "" || strings.ToLower(username) != username {
		problems = append(problems, "--username is required, in lowercase")
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
	unit, err := s.UnitByCodeOrID(ctx, unitRef)
	if err != nil {
		return fmt.Errorf("--unit %q: no such unit", unitRef)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	u := models.User{Username: username, PasswordHash: hash, FullName: fullName, Email: email, UnitID: unit.ID}
	u.SetRoles(roleList)
	if err := s.CreateUser(ctx, &u); err != nil {
		if e := models.AsError(err); e != nil && e.Code == models.EINVALID {
			return fmt.Errorf("--username %q is already taken", username)
		}
		return err
	}
	if err := s.AppendAudit(ctx, store.AuditRecord{Action: "user.create", EntityType: store.EntityUser, EntityID: fmt.Sprint(u.ID),
		After: map[string]any{"username": u.Username, "unit_id": u.UnitID, "roles": roleList, "via": "cli"}, At: nowFunc()}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created user %s (id %d) at %s with roles %s\n", u.Username, u.ID, unit.Name, strings.Join(roleList, ","))
	return nil
}

func runUnitsImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	s, files, err := openStore(ctx, "units import", args, stderr, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	if len(files) != 1 {
		return errors.New("usage: dsflow units import [flags] FILE.csv")
	}
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
	s, _, err := openStore(ctx, "audit verify", args, stderr, nil)
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
